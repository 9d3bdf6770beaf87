/**
 * Name tables of the naming cultures, most frequent first (the picker gives them Zipf weights, so
 * the first few names of a culture are shared by many people, as in real populations).
 *
 * An entry is `Form:native:VARIANT,VARIANT`: the name as its bearer writes it in Latin letters
 * (diacritics kept), the original script when it is not Latin, and other romanisations that
 * passports, consulates and clerks use (upper case). Latin-script names get their folded and
 * ICAO forms computed (transliterate.ts); Cyrillic names get ICAO and BGN romanisations computed.
 */

export const CULTURE_IDS = [
  'ANGLO',
  'HISPANIC',
  'PORTUGUESE',
  'HAITIAN',
  'FRENCH',
  'GERMAN',
  'ITALIAN',
  'DUTCH',
  'NORDIC',
  'POLISH',
  'TURKISH',
  'CYRILLIC',
  'ARABIC',
  'PERSIAN',
  'SOUTH_ASIAN',
  'PAKISTANI',
  'CHINESE',
  'KOREAN',
  'JAPANESE',
  'VIETNAMESE',
  'FILIPINO',
  'INDONESIAN',
  'WEST_AFRICAN',
] as const;
export type CultureId = (typeof CULTURE_IDS)[number];

export type Script = 'Latn' | 'Arab' | 'Hani' | 'Hang' | 'Jpan' | 'Cyrl';

export type CultureTable = {
  script: Script;
  /** The family name comes first in the original order (Chinese, Korean, Japanese, Vietnamese). */
  familyFirst: boolean;
  male: string;
  female: string;
  family: string;
  /** Share of people with two surnames (paternal + maternal), written as one compound family name. */
  doubleSurname?: number;
  /** Share of people with two given names (Juan Carlos, María José). */
  doubleGiven?: number;
  /** What a middle name is in this culture, and how many people have one. */
  middle?: { kind: 'FATHER' | 'MOTHER_SURNAME' | 'PATRONYMIC' | 'VIETNAMESE'; share: number };
  /** Share of people with a single name and no family name (some Tamil, Indonesian, Afghan names). */
  mononym?: number;
  /** How the feminine form of a family name is made. */
  feminine?: 'SLAVIC' | 'POLISH';
  /** Cyrillic: Latin forms are computed from the original script. */
  transliterate?: boolean;
};

export const CULTURES: Readonly<Record<CultureId, CultureTable>> = {
  ANGLO: {
    script: 'Latn',
    familyFirst: false,
    male: `James; John; Robert; Michael; William; David; Richard; Joseph; Thomas; Christopher; Daniel;
      Matthew; Anthony; Mark; Steven; Andrew; Joshua; Ryan; Kevin; Brian; Jason; Justin; Brandon; Tyler;
      Gary; Timothy; Jeffrey; Eric; Jacob; Nicholas; Jonathan; Benjamin; Samuel; Nathan; Aaron; Adam;
      Patrick; Sean; Zachary; Kyle; Ethan; Logan; Dylan; Austin; Jordan; Connor; Evan; Gavin; Wyatt`,
    female: `Mary; Patricia; Jennifer; Linda; Elizabeth; Barbara; Susan; Jessica; Sarah; Karen; Emily;
      Ashley; Emma; Olivia; Megan; Laura; Rachel; Hannah; Grace; Chloe; Nicole; Amanda; Stephanie;
      Rebecca; Michelle; Kimberly; Melissa; Amy; Angela; Heather; Samantha; Katherine; Lauren; Brittany;
      Abigail; Madison; Ava; Sophia; Isabella; Harper; Natalie; Victoria; Alyssa; Brianna; Kayla; Paige`,
    family: `Smith; Johnson; Williams; Brown; Jones; Miller; Davis; Wilson; Anderson; Taylor; Thomas;
      Moore; Jackson; Martin; Lee; Thompson; White; Harris; Clark; Lewis; Robinson; Walker; Young;
      Allen; King; Wright; Scott; Green; Baker; Adams; O'Brien; O'Connor; McDonald:MACDONALD; Murphy;
      Kelly; Campbell; Stewart; Evans; Roberts; Reid; Campbell-Hughes; Hall; Nelson; Hill; Mitchell;
      Carter; Phillips; Turner; Parker; Collins; Edwards; Morris; Rogers; Cook; Morgan; Bell; Bailey;
      Cooper; Richardson; Cox; Howard; Ward; Peterson; Gray; Watson; Brooks; Sanders; Price; Bennett;
      Wood; Barnes; Ross; Henderson; Coleman; Jenkins; Perry; Powell; Long; Patterson; Hughes; Butler;
      Simmons; Foster; Bryant; Alexander; Russell; Griffin; Hayes; Myers; Ford; Hamilton; Graham;
      Sullivan; Wallace; Woods; Cole; West; Jordan; Owens; Reynolds; Fisher; Ellis; Harrison; Gibson`,
  },
  HISPANIC: {
    script: 'Latn',
    familyFirst: false,
    doubleSurname: 0.8,
    doubleGiven: 0.25,
    male: `José; Juan; Luis; Carlos; Jesús; Miguel; Francisco; Jorge; Antonio; Pedro; Alejandro;
      Manuel; Ricardo; Fernando; Javier; Roberto; Daniel; Eduardo; Sergio; Óscar; Raúl; Mario;
      Ángel; Héctor; Rafael; Santiago; Mateo; Diego; Arturo; Enrique; Gerardo; Ramón; Alberto;
      Armando; Rubén; Alfredo; Julio; Adrián; Gustavo; Hugo; Víctor; Salvador; Ignacio; Andrés;
      Emilio; Guillermo; Marco; Martín; Pablo; Rodrigo; Tomás; Iván; Esteban; Felipe; Cristian`,
    female: `María; Guadalupe; Ana; Rosa; Carmen; Juana; Margarita; Verónica; Elizabeth; Gabriela;
      Patricia; Alejandra; Leticia; Sofía; Valentina; Isabel; Lucía; Daniela; Mariana; Claudia;
      Yolanda; Norma; Fernanda; Ximena; Silvia; Adriana; Alicia; Beatriz; Cristina; Diana; Esperanza;
      Graciela; Irma; Laura; Lorena; Luz; Marisol; Mónica; Olga; Paola; Raquel; Sandra; Teresa;
      Angélica; Araceli; Brenda; Dolores; Erika; Estela; Gloria; Josefina; Karla; Lourdes; Maribel`,
    family: `Hernández::HERNANDES; García; Martínez; López; González::GONZALES; Rodríguez; Pérez;
      Sánchez; Ramírez; Flores; Gómez; Torres; Díaz; Cruz; Morales; Reyes; Gutiérrez; Ortiz;
      Chávez::CHAVES; Ramos; Ruiz; Vázquez::VASQUEZ,VAZQUES; Castillo; Jiménez; Mendoza; Moreno;
      Álvarez; Romero; Herrera; Medina; Aguilar; Vargas; Castro; Muñoz; Rojas; Núñez; Peña;
      Ibáñez::IBANES; Domínguez; Salazar; De la Cruz; Del Valle; Guerrero; Mejía; Cortés; Santiago;
      Soto; Contreras; Luna; Rivera; Navarro; Delgado; Ríos; Cabrera; Campos; Vega; Fuentes; Carrillo;
      Espinoza::ESPINOSA; Sandoval; Figueroa; Estrada; Acosta; Molina; Pacheco; Valdez::VALDES; Lara;
      Miranda; Ochoa; Robles; Serrano; Zamora; Trujillo; Velázquez::VELASQUEZ; Bautista; Cárdenas;
      Orozco; Villanueva; Montes; Ayala; Padilla; Maldonado; Beltrán; Rosales; Zúñiga::ZUNIGA`,
  },
  PORTUGUESE: {
    script: 'Latn',
    familyFirst: false,
    doubleSurname: 0.6,
    doubleGiven: 0.3,
    male: `João; José; Pedro; Lucas; Gabriel; Mateus; Rafael; Gustavo; Felipe; Antônio; Luiz::LUIS;
      Thiago::TIAGO; Bruno; Rodrigo; Paulo`,
    female: `Maria; Ana; Juliana; Fernanda; Camila; Larissa; Beatriz; Letícia; Conceição; Luíza::LUISA;
      Gabriela; Aline; Vitória; Patrícia`,
    family: `Silva; Santos; Oliveira; Souza::SOUSA; Rodrigues; Ferreira; Alves; Pereira; Lima; Gomes;
      Costa; Ribeiro; Martins; Carvalho; Araújo; Gonçalves; Almeida; Barbosa; Rocha; Magalhães;
      da Silva; dos Santos; de Souza; da Costa`,
  },
  HAITIAN: {
    script: 'Latn',
    familyFirst: false,
    doubleGiven: 0.2,
    male: `Jean; Pierre; Jean-Robert; Wilner; Frantz; Jacques; Mackenson; Wisly; Jean-Claude; Emmanuel;
      Jonas; Evens; Ricardo; Stanley`,
    female: `Marie; Roselène; Guerline; Nadège; Fabiola; Widlene; Daphnée; Mirlande; Nathalie; Esther;
      Rose-Marie; Lovely`,
    family: `Jean-Baptiste; Pierre; Joseph; Louis; Charles; Jean-Louis; Étienne; Désir; Michel; Alexis;
      Saint-Fleur; Dorvil; Lamour; Augustin; Jean-Charles; Toussaint; Célestin; François; Noël`,
  },
  FRENCH: {
    script: 'Latn',
    familyFirst: false,
    male: `Jean; Pierre; Louis; Lucas; Hugo; Théo; François; Jérôme; Benoît; Noël; Gaël; Mathéo;
      Raphaël; Jean-Baptiste; Jean-Pierre; Nicolas; Julien`,
    female: `Marie; Camille; Léa; Chloé; Manon; Inès; Zoé; Élodie; Hélène; Gaëlle; Anaïs; Céline;
      Marie-Claire; Françoise; Sophie; Amélie`,
    family: `Martin; Bernard; Dubois; Thomas; Robert; Richard; Petit; Durand; Leroy; Moreau; Simon;
      Laurent; Lefèvre; Michel; David; Bertrand; Roux; Vincent; Fournier; Morel; Girard; André;
      Lefebvre; Mercier; Dupont; Lambert; Bonnet; Gérard; Faure; Rousseau; Blanc; Guérin; Boyer`,
  },
  GERMAN: {
    script: 'Latn',
    familyFirst: false,
    male: `Lukas; Jonas; Maximilian; Felix; Leon; Jürgen; Jörg; Günther::GUNTER; Björn; Sören; Stefan;
      Thomas; Michael; Andreas; Klaus; Matthias; Tobias`,
    female: `Anna; Lena; Leonie; Hannah; Mia; Sophie; Katharina; Jana; Bärbel; Gisela; Ursula; Sabine;
      Käthe; Anja; Jülide; Renée`,
    family: `Müller; Schmidt; Schneider; Fischer; Weber; Meyer::MEIER,MAIER; Wagner; Becker; Schulz;
      Hoffmann; Schäfer; Koch; Bauer; Richter; Klein; Wolf; Schröder; Neumann; Schwarz; Zimmermann;
      Braun; Krüger; Hofmann; Hartmann; Lange; Weiß; Jäger; Groß; Köhler; Böhm`,
  },
  ITALIAN: {
    script: 'Latn',
    familyFirst: false,
    male: `Giuseppe; Giovanni; Francesco; Alessandro; Lorenzo; Matteo; Andrea; Luca; Marco; Niccolò;
      Antonio; Salvatore`,
    female: `Giulia; Francesca; Chiara; Sofia; Aurora; Maria; Anna; Martina; Sara; Alessia; Giorgia`,
    family: `Rossi; Russo; Ferrari; Esposito; Bianchi; Romano; Colombo; Ricci; Marino; Greco; Bruno;
      Gallo; Conti; De Luca; Mancini; Costa; Giordano; Rizzo; Lombardi; Moretti; D'Angelo; Dell'Acqua`,
  },
  DUTCH: {
    script: 'Latn',
    familyFirst: false,
    male: `Daan; Sem; Bram; Lucas; Jan; Pieter; Sander; Thijs; Joost; Ruud; Sjoerd`,
    female: `Emma; Sanne; Lotte; Anouk; Femke; Fleur; Eva; Lieke; Sophie; Noor; Ilse`,
    family: `de Jong; Jansen; de Vries; van den Berg; van Dijk; Bakker; Janssen; Visser; Smit; Meijer;
      de Boer; Mulder; de Groot; Bos; Vos; Peters; Hendriks; van Leeuwen; Dekker; van der Berg;
      van der Meer`,
  },
  NORDIC: {
    script: 'Latn',
    familyFirst: false,
    male: `Lars; Erik; Anders; Søren; Bjørn; Mikkel; Magnus; Øystein; Jens; Nils; Oskar; Håkan`,
    female: `Anna; Ingrid; Sofie; Åsa; Maja; Freja; Kristin; Sigrid; Ida; Linnéa; Solveig; Märta`,
    family: `Hansen; Johansson; Andersson; Nielsen; Jensen; Karlsson; Nilsson; Larsen; Pedersen;
      Olsen; Eriksson; Jørgensen; Sørensen; Lindqvist; Åberg; Sjöberg; Ødegaard; Haugen; Berg;
      Lindström; Bäckström; Öberg`,
  },
  POLISH: {
    script: 'Latn',
    familyFirst: false,
    feminine: 'POLISH',
    male: `Piotr; Krzysztof; Andrzej; Tomasz; Paweł; Michał; Łukasz; Jakub; Wojciech; Marcin;
      Grzegorz; Mateusz`,
    female: `Anna; Maria; Katarzyna; Małgorzata; Agnieszka; Barbara; Ewa; Zofia; Magdalena; Joanna;
      Aleksandra; Dorota`,
    family: `Nowak; Kowalski; Wiśniewski; Wójcik; Kowalczyk; Kamiński; Lewandowski; Zieliński;
      Szymański; Woźniak; Dąbrowski; Kozłowski; Jankowski; Mazur; Kwiatkowski; Krawczyk;
      Piotrowski; Grabowski; Nowakowski; Pawłowski`,
  },
  TURKISH: {
    script: 'Latn',
    familyFirst: false,
    male: `Mehmet; Mustafa; Ahmet; Ali; Hüseyin; Hasan; İbrahim; Murat; Emre; Burak; Çağlar; Şükrü;
      Yusuf; Ömer`,
    female: `Ayşe; Fatma; Emine; Hatice; Zeynep; Elif; Özlem; Gülşen; Büşra; Merve; Şeyma; Esra`,
    family: `Yılmaz; Kaya; Demir; Şahin; Çelik; Yıldız; Yıldırım; Öztürk; Aydın; Özdemir; Arslan;
      Doğan; Kılıç; Aslan; Çetin; Kara; Koç; Kurt; Özkan; Şimşek`,
  },
  CYRILLIC: {
    script: 'Cyrl',
    familyFirst: false,
    transliterate: true,
    feminine: 'SLAVIC',
    middle: { kind: 'PATRONYMIC', share: 0.9 },
    male: `Alexander:Александр; Dmitry:Дмитрий; Sergey:Сергей; Andrey:Андрей; Alexey:Алексей;
      Ivan:Иван; Mikhail:Михаил; Nikolay:Николай; Vladimir:Владимир; Yevgeny:Евгений; Maxim:Максим;
      Artyom:Артём; Oleksandr:Олександр; Yuriy:Юрий; Pavel:Павел; Igor:Игорь; Oleg:Олег;
      Viktor:Виктор; Denis:Денис; Roman:Роман`,
    female: `Elena:Елена; Olga:Ольга; Natalia:Наталья; Tatiana:Татьяна; Irina:Ирина;
      Svetlana:Светлана; Anastasia:Анастасия; Yulia:Юлия; Ekaterina:Екатерина; Maria:Мария;
      Anna:Анна; Daria:Дарья; Ksenia:Ксения; Marina:Марина; Lyudmila:Людмила; Oksana:Оксана;
      Victoria:Виктория; Polina:Полина`,
    family: `Ivanov:Иванов; Smirnov:Смирнов; Kuznetsov:Кузнецов; Popov:Попов; Vasiliev:Васильев;
      Petrov:Петров; Sokolov:Соколов; Mikhailov:Михайлов; Novikov:Новиков; Fedorov:Фёдоров;
      Morozov:Морозов; Volkov:Волков; Kovalenko:Коваленко; Shevchenko:Шевченко;
      Bondarenko:Бондаренко; Kozlov:Козлов; Lebedev:Лебедев; Zaitsev:Зайцев; Pavlov:Павлов;
      Orlov:Орлов; Yegorov:Егоров; Kravchenko:Кравченко; Tkachenko:Ткаченко; Sidorov:Сидоров;
      Melnyk:Мельник; Kovalchuk:Ковальчук; Vysotsky:Высоцкий`,
  },
  ARABIC: {
    script: 'Arab',
    familyFirst: false,
    middle: { kind: 'FATHER', share: 0.55 },
    male: `Mohammed:محمد:MOHAMED,MUHAMMAD,MOHAMMAD,MOHAMAD,MUHAMMED; Ahmed:أحمد:AHMAD; Ali:علي:ALY;
      Omar:عمر:UMAR; Mahmoud:محمود:MAHMUD; Mustafa:مصطفى:MOSTAFA,MUSTAPHA; Hassan:حسن:HASAN;
      Hussein:حسين:HUSSAIN,HUSEIN; Khaled:خالد:KHALID; Youssef:يوسف:YOUSEF,YUSUF,YOUSSEF;
      Abdullah:عبد الله:ABDALLAH,ABDULLA; Ibrahim:إبراهيم:EBRAHIM; Abdulrahman:عبد الرحمن:ABDELRAHMAN,ABDUL RAHMAN;
      Karim:كريم:KAREEM; Tariq:طارق:TAREK,TAREQ; Samir:سمير:SAMEER; Walid:وليد:WALEED; Hamza:حمزة:HAMZAH;
      Faisal:فيصل:FAYSAL; Nasser:ناصر:NASER,NASIR; Saeed:سعيد:SAID,SAYED; Adel:عادل:ADIL;
      Majid:ماجد:MAJED; Yasser:ياسر:YASIR`,
    female: `Fatima:فاطمة:FATMA,FATEMA,FATIMAH; Aisha:عائشة:AICHA,AYSHA; Mariam:مريم:MARYAM;
      Noor:نور:NOUR,NUR; Layla:ليلى:LEILA,LAILA; Sara:سارة:SARAH; Huda:هدى:HODA; Amira:أميرة:AMEERA;
      Rania:رانيا; Yasmin:ياسمين:YASMINE,JASMIN; Zainab:زينب:ZEINAB,ZAYNAB; Hana:هناء:HANAA;
      Salma:سلمى; Reem:ريم:RIM; Dina:دينا; Mona:منى:MUNA; Khadija:خديجة:KHADIJAH; Lina:لينا;
      Asma:أسماء:ASMAA; Nadia:نادية:NADIA`,
    family: `Ali:علي:ALY; Mohammed:محمد:MOHAMED,MUHAMMAD; Ahmed:أحمد:AHMAD; Hassan:حسن:HASAN;
      Hussein:حسين:HUSSAIN; Ibrahim:إبراهيم:EBRAHIM; Abdullah:عبد الله:ABDALLAH;
      al-Hassan:الحسن:ALHASSAN,EL HASSAN,AL HASAN; al-Amin:الأمين:ALAMIN,EL AMIN;
      al-Masri:المصري:ALMASRI,EL MASRY; El-Sayed:السيد:ELSAYED,AL SAYED,ELSAIED; Haddad:حداد;
      Khalil:خليل:KHALEEL; Mansour:منصور:MANSOOR,MANSUR; Nasser:ناصر:NASSAR; Saleh:صالح:SALIH;
      Othman:عثمان:OSMAN,OTHMAN; Yousef:يوسف:YOUSSEF; Hamdan:حمدان; al-Rashid:الرشيد:ALRASHEED,AL RASHID;
      Abdel-Rahman:عبد الرحمن:ABDELRAHMAN,ABDULRAHMAN; Farouk:فاروق:FAROUQ,FARUQ; Suleiman:سليمان:SULAIMAN,SOLIMAN;
      al-Khatib:الخطيب:ALKHATIB,EL KHATIB; Abbas:عباس; Mahmoud:محمود; Darwish:درويش:DARWEESH;
      al-Najjar:النجار:ALNAJJAR,EL NAGGAR; Aziz:عزيز:AZEEZ; Qasim:قاسم:KASSEM,QASEM`,
  },
  PERSIAN: {
    script: 'Arab',
    familyFirst: false,
    mononym: 0.08,
    male: `Mohammad:محمد:MOHAMMED,MUHAMMAD,MOHAMAD; Ali:علی; Reza:رضا; Hossein:حسین:HOSEIN,HUSSAIN;
      Mehdi:مهدی:MAHDI; Amir:امیر; Ahmad:احمد:AHMED; Mahmoud:محمود:MAHMOOD; Abdul Wahid:عبدالواحد:ABDULWAHID,ABDUL WAHED;
      Farhad:فرهاد; Hamid:حمید; Javad:جواد; Saeed:سعید:SAID; Rahmatullah:رحمت الله:RAHMATOLLAH;
      Noorullah:نورالله:NURULLAH,NOORULLAH; Karim:کریم; Navid:نوید; Omid:امید`,
    female: `Fatemeh:فاطمه:FATEMA,FATIMA; Zahra:زهرا; Maryam:مریم:MARIAM; Sara:سارا; Narges:نرگس;
      Parisa:پریسا; Shirin:شیرین; Leila:لیلا:LAILA; Mahsa:مهسا; Zainab:زینب; Nilofar:نیلوفر:NILOUFAR;
      Fariba:فریبا; Roya:رویا; Soraya:ثریا; Fereshteh:فرشته`,
    family: `Ahmadi:احمدی; Hosseini:حسینی:HOSSEINY,HUSSAINI; Mohammadi:محمدی:MOHAMADI; Rezaei:رضایی:REZAEE,REZAIE;
      Karimi:کریمی; Moradi:مرادی; Hashemi:هاشمی; Rahimi:رحیمی; Jafari:جعفری:JAAFARI; Sadeghi:صادقی:SADEGHY;
      Azizi:عزیزی; Noori:نوری:NOORI,NURI; Popal:پوپل; Stanikzai:ستانکزی; Safi:صافی; Khan:خان;
      Amiri:امیری; Haidari:حیدری:HAIDARY,HEIDARI; Sultani:سلطانی; Barakzai:بارکزی; Mirzaei:میرزایی;
      Kazemi:کاظمی; Ghorbani:قربانی; Habibi:حبیبی`,
  },
  SOUTH_ASIAN: {
    script: 'Latn',
    familyFirst: false,
    mononym: 0.04,
    male: `Rahul; Amit; Rajesh; Suresh; Vijay; Arjun; Aditya; Sanjay; Ravi; Anil; Vikram; Rohit;
      Karthik::KARTIK; Srinivas::SRINIVASA,SREENIVAS; Venkatesh; Praveen; Deepak; Manoj; Naveen;
      Harish; Abhishek::ABHISEK; Siddharth::SIDHARTH,SIDDHARTHA; Mohammed::MOHAMMAD,MOHD; Ankit;
      Gaurav; Nikhil; Pradeep; Ramesh; Sunil; Ashok; Mahesh; Ganesh; Rakesh; Dinesh; Vinod; Ajay;
      Varun; Akash; Kunal; Sandeep::SANDIP; Sachin; Tarun; Vivek; Yash; Harsha; Krishna; Sai; Mukesh;
      Prakash; Rohan; Arun; Vishal; Naresh; Saurabh::SOURABH; Raghav; Anand; Manish; Nitin; Kiran`,
    female: `Priya; Pooja::PUJA; Anjali; Sunita; Neha; Kavya; Lakshmi::LAXMI; Deepika; Divya; Sneha;
      Aishwarya::AISHWARIYA; Swati::SWATHI; Shweta::SWETA,SHWETHA; Meera::MIRA; Anusha; Ramya;
      Kavitha::KAVITA; Jyoti::JYOTHI; Nisha; Radha; Shreya; Ritu; Pallavi; Madhuri; Preeti::PRITI;
      Rekha; Geeta::GITA; Anita; Sapna; Komal; Tanvi; Riya; Ananya; Isha; Nandini; Bhavna::BHAVANA;
      Shruti::SRUTI; Sowmya::SOUMYA; Harini; Keerthi::KIRTHI; Mansi; Payal; Sonal; Rashmi; Vidya;
      Archana; Usha; Padma; Sangeeta::SANGITA; Poonam::PUNAM; Hema; Asha; Indira; Madhavi; Suman`,
    family: `Patel; Sharma; Kumar; Singh; Shah; Gupta; Reddy; Rao; Iyer::AIYER; Nair; Das;
      Chowdhury::CHOUDHURY,CHAUDHARI; Mehta; Joshi; Agarwal::AGRAWAL,AGGARWAL; Verma; Mishra; Pillai;
      Menon; Banerjee::BANERJI; Chatterjee; Naidu; Desai; Jain; Kulkarni; Srinivasan; Krishnan;
      Subramanian::SUBRAMANYAM; Khan; Bhatt::BHAT; Trivedi; Pandey; Yadav; Tiwari::TIWARY; Saxena;
      Malhotra; Kapoor::KAPUR; Chopra; Bose; Sen; Ghosh; Mukherjee::MUKHERJI; Dutta::DATTA; Sinha;
      Thakur; Chauhan; Rathore; Goel; Bansal; Mittal; Arora; Bhatia; Sethi; Ahuja; Iyengar; Raman;
      Venkatesan; Natarajan; Ramachandran; Balakrishnan; Gopal; Murthy::MURTHI; Hegde; Shetty;
      Prabhu; Kamath; Varma; Chaudhary; Mehra; Dubey; Shukla; Tripathi; Dixit; Kaur; Gill; Sandhu`,
  },
  PAKISTANI: {
    script: 'Latn',
    familyFirst: false,
    middle: { kind: 'FATHER', share: 0.2 },
    male: `Muhammad::MUHAMMED,MOHAMMAD,MOHAMMED,MOHD,MD; Ahmed::AHMAD; Ali; Usman::OSMAN; Bilal; Imran;
      Hamza; Zain; Faisal; Asif; Tariq; Kamran; Adnan; Rizwan; Shahid; Abdul Rehman::ABDUR REHMAN,ABDUL RAHMAN`,
    female: `Ayesha::AISHA; Fatima; Sana; Hina; Amna; Iqra; Maryam::MARIAM; Zainab; Nadia; Saima;
      Rabia; Nazia; Farzana; Nusrat; Shirin`,
    family: `Khan; Ahmed; Ali; Hussain::HOSSAIN,HUSAIN; Shah; Malik; Qureshi::KURESHI; Chaudhry::CHAUDHARY,CHOUDHRY;
      Butt; Raza; Iqbal; Akhtar::AKHTER; Rahman::REHMAN; Islam; Chowdhury; Siddiqui::SIDDIQI,SIDDIQUE; Mirza;
      Sheikh::SHAIKH; Javed::JAVAID; Aslam; Begum`,
  },
  CHINESE: {
    script: 'Hani',
    familyFirst: true,
    // Given names are composed from CHINESE_SYLLABLES. Surname variants: Taiwan (Wade–Giles), then
    // Hong Kong (Cantonese); mainland passports use pinyin.
    male: '',
    female: '',
    family: `Wang:王:WANG,WONG; Li:李:LEE,LEE; Zhang:张:CHANG,CHEUNG; Liu:刘:LIU,LAU; Chen:陈:CHEN,CHAN;
      Yang:杨:YANG,YEUNG; Huang:黄:HUANG,WONG; Zhao:赵:CHAO,CHIU; Wu:吴:WU,NG; Zhou:周:CHOU,CHOW;
      Xu:徐:HSU,TSUI; Sun:孙:SUN,SUEN; Ma:马:MA,MA; Zhu:朱:CHU,CHU; Hu:胡:HU,WOO; Guo:郭:KUO,KWOK;
      He:何:HO,HO; Lin:林:LIN,LAM; Luo:罗:LO,LAW; Gao:高:KAO,KO; Zheng:郑:CHENG,CHENG;
      Liang:梁:LIANG,LEUNG; Xie:谢:HSIEH,TSE; Song:宋:SUNG,SUNG; Tang:唐:TANG,TONG`,
  },
  KOREAN: {
    script: 'Hang',
    familyFirst: true,
    // Given names are composed from KOREAN_SYLLABLES.
    male: '',
    female: '',
    family: `Kim:김:GIM; Lee:이:YI,RHEE,RI; Park:박:PAK,BAK; Choi:최:CHOE; Jung:정:JEONG,CHUNG;
      Kang:강:GANG; Cho:조:JO; Yoon:윤:YUN; Jang:장:CHANG; Lim:임:IM,YIM; Han:한; Oh:오:O;
      Seo:서:SUH; Shin:신:SIN; Kwon:권:GWON; Hwang:황; Ahn:안:AN; Song:송; Ryu:류:YOO,YU; Hong:홍`,
  },
  JAPANESE: {
    script: 'Jpan',
    familyFirst: true,
    male: `Shōta:翔太:SHOTA,SHOUTA,SHOHTA; Daiki:大輝; Kenta:健太; Takumi:拓海; Yūto:悠斗:YUTO,YUUTO,YUHTO;
      Ren:蓮; Yamato:大和; Haruto:陽翔; Minato:湊; Ken'ichi:健一:KENICHI; Makoto:誠;
      Kōji:浩二:KOJI,KOHJI,KOUJI; Takashi:隆; Naoki:直樹; Tsubasa:翼`,
    female: `Hina:陽菜; Yui:結衣; Misaki:美咲; Yūko:優子:YUKO,YUUKO,YUHKO; Megumi:恵; Aya:彩; Sakura:さくら;
      Aoi:葵; Mayumi:真由美; Yumiko:由美子; Ai:愛; Hanako:花子; Nana:奈々; Tomoko:智子; Mai:舞`,
    family: `Satō:佐藤:SATO,SATOH,SATOU; Suzuki:鈴木; Takahashi:高橋; Tanaka:田中; Itō:伊藤:ITO,ITOH,ITOU;
      Watanabe:渡辺; Yamamoto:山本; Nakamura:中村; Kobayashi:小林; Katō:加藤:KATO,KATOH,KATOU;
      Yoshida:吉田; Yamada:山田; Sasaki:佐々木; Yamaguchi:山口; Matsumoto:松本; Inoue:井上;
      Kimura:木村; Hayashi:林; Shimizu:清水; Ōno:大野:ONO,OHNO,OONO; Saitō:斎藤:SAITO,SAITOH;
      Kondō:近藤:KONDO,KONDOH`,
  },
  VIETNAMESE: {
    script: 'Latn',
    familyFirst: true,
    middle: { kind: 'VIETNAMESE', share: 0.85 },
    male: `Minh; Hùng; Tuấn; Dũng; Nam; Sơn; Long; Hải; Quang; Huy; Phúc; Khoa; Bảo; Thắng; Đức`,
    female: `Lan; Hương; Linh; Anh; Trang; Mai; Hà; Ngọc; Thảo; Hoa; Nhung; Phương; Vy; Trâm; Yến`,
    family: `Nguyễn::NGUYEN,NGUYN,NGYUEN; Trần::TRAN; Lê::LE; Phạm::PHAM; Hoàng::HOANG; Huỳnh::HUYNH;
      Phan; Vũ::VU; Võ::VO; Đặng::DANG; Bùi::BUI; Đỗ::DO; Hồ::HO; Ngô::NGO; Dương::DUONG; Lý::LY`,
  },
  FILIPINO: {
    script: 'Latn',
    familyFirst: false,
    middle: { kind: 'MOTHER_SURNAME', share: 0.85 },
    doubleGiven: 0.2,
    male: `Jose; Juan; Mark; John Paul; Christian; Michael; Jerome; Rommel; Reynaldo; Angelo; Carlo;
      Jayson::JASON; Ramon`,
    female: `Maria; Ma. Cristina::MA CRISTINA,MARIA CRISTINA; Jennifer; Mary Grace; Rowena; Maricel;
      Lourdes; Joy; Kristine::CHRISTINE; Rosario; Ma. Theresa::MA THERESA,MARIA THERESA; Liezl`,
    family: `Santos; Reyes; Cruz; Bautista; Ocampo; Garcia; Mendoza; Torres; Villanueva;
      dela Cruz::DELA CRUZ,DELACRUZ,DE LA CRUZ; de los Santos::DELOS SANTOS; Aquino; Ramos; Castillo;
      Gonzales; Flores; Navarro; Fernandez; Lim; Tan`,
  },
  INDONESIAN: {
    script: 'Latn',
    familyFirst: false,
    mononym: 0.4,
    male: `Budi; Agus; Sutrisno; Wahyudi; Joko; Hendra; Rizky::RIZKI; Dedi; Eko; Ahmad; Muhammad; Andi`,
    female: `Siti; Dewi; Sri; Nur; Putri; Ayu; Wulan; Rina; Indah; Fitri`,
    family: `Santoso; Wijaya; Saputra; Hidayat; Lestari; Kusuma; Pratama; Setiawan; Nugroho; Gunawan;
      Tan; Lim; Abdullah`,
  },
  WEST_AFRICAN: {
    script: 'Latn',
    familyFirst: false,
    middle: { kind: 'FATHER', share: 0.3 },
    male: `Oluwaseun::OLUSEUN; Chukwuemeka; Adebayo; Emeka; Ibrahim; Musa; Abubakar::ABUBAKR; Olumide;
      Tunde; Kwame; Kofi; Samuel; David; Daniel; Emmanuel; John; Mohammed::MUHAMMAD,MOHAMMAD; Godwin`,
    female: `Chioma; Ngozi; Funmilayo; Adaeze; Aisha; Fatima; Blessing; Grace; Esther; Abena; Ama;
      Folake; Oluwakemi; Precious; Comfort; Amina`,
    family: `Okafor; Okonkwo; Adeyemi; Ogunleye; Eze; Nwosu; Chukwu; Ibrahim; Bello; Abubakar;
      Mohammed; Adebayo; Olawale; Mensah; Boateng; Asante; Owusu; Okoro; Balogun; Oyelaran; Usman;
      Yusuf::YUSSUF; Nwachukwu; Adeleke`,
  },
};

/**
 * Chinese given names are one or two syllables, so they are composed from these: pinyin, the
 * character, then the Wade–Giles (Taiwan) and Cantonese (Hong Kong) romanisations.
 */
export const CHINESE_SYLLABLES = {
  male: `Wei:伟:WEI:WAI; Ming:明:MING:MING; Hua:华:HUA:WAH; Jun:俊:CHUN:CHUN; Wen:文:WEN:MAN; Jie:杰:CHIEH:KIT;
    Zhi:志:CHIH:CHI; Jian:建:CHIEN:KIN; Guo:国:KUO:KWOK; Hai:海:HAI:HOI; Yu:宇:YU:YU; Hao:浩:HAO:HO;
    Bo:博:PO:POK; Tao:涛:TAO:TO; Qiang:强:CHIANG:KEUNG; Lei:磊:LEI:LUI; Yong:勇:YUNG:YUNG; Chen:晨:CHEN:SAN;
    Yang:阳:YANG:YEUNG; Rui:睿:JUI:YUI; Xuan:轩:HSUAN:HIN; Kai:凯:KAI:HOI; Peng:鹏:PENG:PANG; Fei:飞:FEI:FEI;
    Dong:东:TUNG:TUNG; Long:龙:LUNG:LUNG; Zhen:振:CHEN:CHUN; Tian:天:TIEN:TIN; Zi:子:TZU:TSZ; Xiao:晓:HSIAO:HIU;
    Bin:斌:PIN:BUN; Gang:刚:KANG:KONG; Feng:峰:FENG:FUNG; Liang:亮:LIANG:LEUNG; Xiang:翔:HSIANG:CHEUNG`,
  female: `Li:丽:LI:LAI; Jing:静:CHING:CHING; Ting:婷:TING:TING; Xue:雪:HSUEH:SUET; Xin:欣:HSIN:YAN; Zi:梓:TZU:TSZ;
    Yan:燕:YEN:YIN; Fang:芳:FANG:FONG; Hong:红:HUNG:HUNG; Min:敏:MIN:MAN; Hui:慧:HUI:WAI; Ling:玲:LING:LING;
    Mei:美:MEI:MEI; Han:涵:HAN:HAM; Lin:琳:LIN:LAM; Na:娜:NA:NA; Qing:清:CHING:CHING; Shan:珊:SHAN:SHAN;
    Ying:英:YING:YING; Xiu:秀:HSIU:SAU; Lan:兰:LAN:LAN; Yi:怡:I:YI; Si:思:SSU:SZE; Jia:佳:CHIA:KAI;
    Xiao:晓:HSIAO:HIU; Yu:雨:YU:YU; Wen:雯:WEN:MAN; Chen:晨:CHEN:SAN; Qian:倩:CHIEN:SIN; Yue:悦:YUEH:YUET;
    Juan:娟:CHUAN:KUEN; Xia:霞:HSIA:HA; Yun:云:YUN:WAN; Lu:璐:LU:LO`,
} as const;

/** Korean given names are two syllables: Revised Romanization, Hangul, a common older spelling. */
export const KOREAN_SYLLABLES = {
  male: `Min:민; Jun:준:JOON; Seo:서:SUH; Ji:지; Hoon:훈:HUN; Hyun:현:HYEON; Woo:우:U; Young:영:YEONG;
    Sung:성:SEONG; Dong:동; Jae:재; Sang:상; Do:도; Si:시:SHI; Tae:태; Kyung:경:GYEONG; Jung:정:JEONG;
    Ho:호; Seok:석:SUK; Won:원; Chan:찬; Ha:하; Yoon:윤:YUN; Jin:진; Hwan:환; Gun:건:GEON; Joo:주:JU`,
  female: `Seo:서:SUH; Yeon:연:YUN; Ji:지; Hye:혜; Eun:은; Soo:수:SU; Jin:진; Min:민; Yu:유:YOO; Ha:하;
    Ye:예; Yoon:윤:YUN; Kyung:경:GYEONG; Jung:정:JEONG; Hee:희:HUI; Mi:미; So:소; Na:나; Bin:빈;
    Young:영:YEONG; Hyun:현:HYEON; Won:원; Ah:아:A; Rin:린; Da:다; Chae:채`,
} as const;

/** Russian patronymics (masculine); the feminine form replaces -ich/-ич with -na/-на. */
export const PATRONYMICS = `Sergeyevich:Сергеевич; Alexandrovich:Александрович; Ivanovich:Иванович;
  Vladimirovich:Владимирович; Nikolayevich:Николаевич; Dmitriyevich:Дмитриевич; Andreyevich:Андреевич;
  Mikhailovich:Михайлович; Yuryevich:Юрьевич; Viktorovich:Викторович; Petrovich:Петрович; Olegovich:Олегович`;

/** Vietnamese middle names: Thị marks most women's names, Văn many men's. */
export const VIETNAMESE_MIDDLE = {
  female: `Thị::THI; Ngọc; Thanh; Minh; Xuân; Kim`,
  male: `Văn::VAN; Đức; Minh; Quang; Thanh; Hoàng; Hữu; Công`,
} as const;

/** English given names that some Chinese and Korean people use on US forms instead of their own. */
export const ADOPTED_ENGLISH = {
  male: `Kevin; David; Jason; Eric; Michael; Tony; Andy; Jack; Peter; Frank`,
  female: `Grace; Emily; Cindy; Amy; Jessica; Vivian; Helen; Lily; Annie; Sophia`,
} as const;
