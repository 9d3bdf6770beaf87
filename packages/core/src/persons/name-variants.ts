/**
 * Spelling variants of the same name that arise from different romanisations of one original
 * (Arabic, Persian, Chinese, Korean, Vietnamese, Slavic, Spanish/Portuguese, German), written
 * from general linguistic knowledge. Each group is one name; the first spelling is its key.
 * Nicknames and translations (WILLIAM/BILL, JUAN/JOHN) are not variants: they are other names.
 */
const VARIANT_GROUPS: readonly (readonly string[])[] = [
  // Arabic and Persian (consular, ICAO and French-influenced romanisations)
  [
    'MUHAMMAD',
    'MOHAMMED',
    'MOHAMMAD',
    'MOHAMAD',
    'MOHAMED',
    'MUHAMED',
    'MUHAMMED',
    'MUHAMAD',
    'MOHAMMAD',
    'MOHAMMET',
    'MAHOMED',
    'MOHD',
    'MHD',
    'MOUHAMED',
    'MOUHAMAD',
    'MOHAMMADU',
    'MOHAMADOU',
    'MUHAMMADU',
    'MOHAMET',
    'MEHMET',
    'MEHMED',
  ],
  ['AHMAD', 'AHMED', 'AHMET', 'AHMEED', 'AHMADOU', 'AHMADU'],
  ['MAHMUD', 'MAHMOUD', 'MAHMOOD', 'MEHMOOD', 'MAHMUT'],
  [
    'HUSAYN',
    'HUSSEIN',
    'HUSSAIN',
    'HUSAIN',
    'HUSEIN',
    'HOSSEIN',
    'HOSEIN',
    'HUSSEN',
    'HUSEYIN',
    'HUSSIN',
    'KHUSEIN',
    'GUSEIN',
  ],
  ['HASAN', 'HASSAN', 'HASSEN', 'HACEN', 'HASANE', 'GASAN'],
  ['ALI', 'ALY', 'ALLY'],
  ['UMAR', 'OMAR', 'OMER', 'OMAR', 'OUMAR'],
  ['USAMA', 'OSAMA', 'OUSSAMA', 'OSSAMA', 'USAMAH'],
  [
    'YUSUF',
    'YOUSSEF',
    'YOUSEF',
    'YOUSIF',
    'YUSEF',
    'YOUSOUF',
    'YUSSUF',
    'YOUSSOUF',
    'JUSUF',
    'YUSIF',
    'YOSEF',
  ],
  ['ABDULLAH', 'ABDALLAH', 'ABDULLA', 'ABDALLA', 'ABDOULLAH', 'ABDULAH', 'ABDELLAH'],
  ['ABDUL', 'ABDEL', 'ABDOUL', 'ABDOL', 'ABDAL'],
  [
    'ABDULRAHMAN',
    'ABDELRAHMAN',
    'ABDURRAHMAN',
    'ABDERRAHMANE',
    'ABDERRAHMAN',
    'ABDALRAHMAN',
    'ABDURAHMAN',
    'ABDULREHMAN',
    'ABDURREHMAN',
  ],
  ['ABDULAZIZ', 'ABDELAZIZ', 'ABDULAZEEZ', 'ABDALAZIZ'],
  ['ABDULKARIM', 'ABDELKARIM', 'ABDULKAREEM', 'ABDELKRIM'],
  ['IBRAHIM', 'EBRAHIM', 'IBRAHEEM', 'IBRAHIMA', 'EBRAHEEM', 'IBRAGIM'],
  ['ISMAIL', 'ISMAEL', 'ESMAIL', 'ISMAEEL', 'SMAIL'],
  ['MUSTAFA', 'MUSTAPHA', 'MOSTAFA', 'MOUSTAFA', 'MOSTAPHA', 'MUSTAFAH'],
  ['KHALID', 'KHALED', 'KALED', 'HALID', 'CHALID'],
  ['WALID', 'WALEED', 'OUALID'],
  ['SAID', 'SAEED', 'SAYED', 'SAYYID', 'SAYEED', 'SAIED', 'SEID'],
  ['FATIMA', 'FATEMA', 'FATIMAH', 'FATMA', 'FATOUMA', 'FATEMEH', 'FATEMAH'],
  ['AISHA', 'AYESHA', 'AICHA', 'AISHAH', 'AYSHA', 'AYSE', 'AISCHA'],
  ['KHADIJA', 'KHADIJAH', 'KHADIDJA', 'KHADIJEH', 'HATICE', 'KADIJA'],
  ['YASIR', 'YASSER', 'YASER', 'YASSIR'],
  ['JAMAL', 'GAMAL', 'DJAMEL', 'JAMEL', 'CEMAL'],
  ['HAMID', 'HAMEED', 'HAMEID', 'HAMIT'],
  ['RASHID', 'RASHEED', 'RACHID', 'RASCHID', 'RESHID'],
  ['MAJID', 'MAJEED', 'MAGID', 'MADJID', 'MACIT'],
  ['NASIR', 'NASSER', 'NASER', 'NACER', 'NASSIR', 'NASEER'],
  ['ZAYNAB', 'ZAINAB', 'ZEINAB', 'ZEYNEP', 'ZEINEB'],
  ['MARYAM', 'MARIAM', 'MERYEM', 'MERIEM', 'MIRIAM'],
  ['QASIM', 'KASSEM', 'KASIM', 'QASEM', 'KASSIM', 'QASSIM', 'GASSIM'],
  ['FAYSAL', 'FAISAL', 'FEISAL', 'FAYCAL', 'FEYSAL'],
  ['SULAYMAN', 'SULEIMAN', 'SULEYMAN', 'SOLIMAN', 'SULAIMAN', 'SLIMANE', 'SOULEYMANE', 'SULEMAN'],
  ['TARIQ', 'TAREK', 'TARIK', 'TAREQ', 'TARIQUE'],
  ['KARIM', 'KAREEM', 'KERIM', 'KAREM'],
  ['AMIR', 'AMEER', 'EMIR'],
  ['NUR', 'NOOR', 'NOUR'],
  ['JAFAR', 'JAAFAR', 'JAFFAR', 'DJAFAR', 'CAFER'],
  ['UTHMAN', 'OTHMAN', 'OSMAN', 'USMAN', 'OTMAN'],
  ['YAHYA', 'YAHIA', 'YAHIYA'],
  ['YUNUS', 'YOUNES', 'YOUNIS', 'YOUNESS', 'YOUNOUS'],
  ['ZAKARIYA', 'ZAKARIA', 'ZAKARIYYA', 'ZAKARIJA'],
  ['ABBAS', 'ABAS'],
  ['HAYDAR', 'HAIDER', 'HAYDER', 'HAIDAR', 'HEIDAR'],
  ['HASHIMI', 'HASHEMI', 'HACHEMI'],
  [
    'CHAUDHRY',
    'CHAUDHARY',
    'CHOUDHARY',
    'CHOWDHURY',
    'CHAUDHURI',
    'CHOUDHURY',
    'CHAUDHARI',
    'CHOUDHRY',
    'CHAUDRY',
  ],
  ['QURESHI', 'QURAISHI', 'KURESHI', 'QURISHI', 'QUREISHI'],
  ['LAKSHMI', 'LAXMI', 'LAKSHMY'],
  // Chinese surnames: Hanyu Pinyin, Wade–Giles, Cantonese, Hokkien/Teochew, Hakka spellings
  ['ZHANG', 'CHANG', 'CHEUNG', 'TEO', 'TEOH', 'CHONG'],
  ['WANG', 'WONG', 'ONG', 'UONG', 'VONG'],
  ['LI', 'LEE', 'LY', 'LEI'],
  ['LIU', 'LAU', 'LIEW', 'LOW', 'LAO'],
  ['CHEN', 'CHAN', 'TAN', 'CHIN', 'TRAN'],
  ['YANG', 'YEUNG', 'YEO', 'YEOH', 'IEONG'],
  ['HUANG', 'HWANG', 'WEE', 'NG', 'OOI', 'UY'],
  ['ZHAO', 'CHAO', 'CHIU', 'CHEW'],
  ['ZHOU', 'CHOU', 'CHOW', 'CHAU', 'CHEW'],
  ['XU', 'HSU', 'HUI', 'CHUI', 'KOH'],
  ['SUN', 'SUEN', 'SOON', 'SON'],
  ['ZHU', 'CHU', 'CHOO', 'CHUE', 'GEE'],
  ['GUO', 'KUO', 'KWOK', 'KOK', 'QUEK'],
  ['LIN', 'LAM', 'LUM', 'LIM'],
  ['HE', 'HO', 'HOR'],
  ['GAO', 'KAO', 'KO', 'KOU'],
  ['LUO', 'LO', 'LAW', 'LOH'],
  ['ZHENG', 'CHENG', 'CHING', 'TAY', 'TEH'],
  ['LIANG', 'LEUNG', 'NEO'],
  ['XIE', 'HSIEH', 'TSE', 'CHIA', 'SIA'],
  ['TANG', 'TONG', 'TNG'],
  ['DENG', 'TENG', 'TANG'],
  ['FENG', 'FUNG'],
  ['ZENG', 'TSENG', 'TSANG', 'CHANG'],
  ['PENG', 'PANG', 'PHANG'],
  ['CAI', 'TSAI', 'CHOI', 'CHUA', 'CHOY', 'TSOI'],
  ['JIANG', 'CHIANG', 'KEUNG', 'KONG'],
  ['XIAO', 'HSIAO', 'SIU'],
  ['ZHONG', 'CHUNG', 'CHEONG'],
  ['QIAN', 'CHIEN', 'CHIN'],
  ['XI', 'HSI'],
  ['MAO', 'MOU'],
  ['ZEDONG', 'TSETUNG'],
  // Korean surnames (Revised Romanisation, McCune–Reischauer, customary spellings)
  ['KIM', 'GIM', 'KHIM'],
  ['YI', 'LEE', 'RHEE', 'RI', 'RHIE'],
  ['PAK', 'PARK', 'BAK', 'BARK'],
  ['CHOE', 'CHOI', 'CHOY'],
  ['JEONG', 'JUNG', 'CHUNG', 'CHEONG', 'CHONG'],
  ['GANG', 'KANG'],
  ['JO', 'CHO', 'CHOH'],
  ['YUN', 'YOON'],
  ['JANG', 'CHANG'],
  ['IM', 'LIM', 'YIM', 'RIM'],
  ['O', 'OH'],
  ['SIN', 'SHIN'],
  ['GWON', 'KWON'],
  ['AN', 'AHN'],
  ['JEON', 'JUN', 'CHUN', 'CHON'],
  ['YU', 'YOO', 'RYU', 'RYOO'],
  ['GO', 'KO', 'KOH'],
  ['MUN', 'MOON'],
  ['SEO', 'SUH', 'SO'],
  ['JONG', 'JEONG'],
  ['UN', 'EUN'],
  // Vietnamese (diacritics already dropped by the fold)
  ['NGUYEN', 'NGUYENN', 'NGUYN', 'NGUEN', 'WIN'],
  ['HUYNH', 'HUINH'],
  ['VU', 'VO'],
  // Slavic given names (BGN/PCGN, ICAO, German and French renderings; Ukrainian/Russian pairs)
  ['ALEKSANDR', 'ALEXANDR', 'ALEXANDER', 'ALEKSANDER', 'OLEKSANDR', 'ALEXANDRE', 'ALIAKSANDR', 'ALEXANDRU'],
  ['SERGEY', 'SERGEI', 'SERGEJ', 'SERHIY', 'SERHII', 'SIARHEI', 'SERGIY'],
  ['ALEKSEY', 'ALEKSEI', 'ALEXEI', 'ALEXEY', 'ALEXEJ', 'OLEKSIY', 'OLEKSII', 'ALIAKSEI'],
  ['DMITRY', 'DMITRI', 'DMITRIJ', 'DMITRIY', 'DMYTRO', 'DZMITRY'],
  ['YURY', 'YURI', 'YURIY', 'IURII', 'JURIJ', 'JURI', 'YURII', 'IOURI'],
  ['VLADIMIR', 'WLADIMIR', 'VOLODYMYR', 'ULADZIMIR', 'WOLODYMYR'],
  ['MIKHAIL', 'MICHAIL', 'MYKHAILO', 'MYKHAYLO', 'MIKHAYL', 'MIHAIL'],
  ['ANDREY', 'ANDREI', 'ANDREJ', 'ANDRIY', 'ANDRII', 'ANDRIJ'],
  ['NIKOLAY', 'NIKOLAI', 'NIKOLAJ', 'MYKOLA', 'MIKALAI'],
  ['YEVGENY', 'YEVGENIY', 'EVGENY', 'EVGENIY', 'EVGENII', 'JEWGENI', 'YEVHEN', 'IEVGEN'],
  ['TATYANA', 'TATIANA', 'TATJANA', 'TETIANA', 'TETYANA'],
  ['NATALYA', 'NATALIA', 'NATALIYA', 'NATALJA', 'NATALIIA'],
  ['OLGA', 'OLHA', 'VOLHA'],
  ['YELENA', 'ELENA', 'JELENA', 'OLENA', 'ALENA'],
  ['IGOR', 'IHOR', 'IGAR'],
  ['ANATOLY', 'ANATOLIY', 'ANATOLII', 'ANATOLI', 'ANATOLIJ'],
  ['VIKTOR', 'VICTOR', 'WIKTOR'],
  ['PYOTR', 'PETR', 'PIOTR', 'PETRO', 'PIOTR'],
  ['YEKATERINA', 'EKATERINA', 'JEKATERINA', 'KATERYNA', 'KATSIARYNA'],
  ['MARIYA', 'MARIA', 'MARYIA', 'MARIJA'],
  ['YULIYA', 'YULIA', 'JULIA', 'IULIIA', 'ULIANA'],
  ['GEORGY', 'GEORGIY', 'GEORGII', 'HEORHIY'],
  ['KONSTANTIN', 'KOSTIANTYN', 'KANSTANTSIN'],
  ['ZELENSKY', 'ZELENSKYY', 'ZELENSKIY', 'ZELENSKYI', 'SELENSKYJ', 'ZELENSKII', 'ZELENSKI'],
  // Spanish and Portuguese patronymic surnames (-EZ / -ES)
  ['GONZALEZ', 'GONZALES', 'GONCALVES'],
  ['RODRIGUEZ', 'RODRIGUES'],
  ['HERNANDEZ', 'HERNANDES'],
  ['FERNANDEZ', 'FERNANDES'],
  ['LOPEZ', 'LOPES'],
  ['ALVAREZ', 'ALVARES'],
  ['GOMEZ', 'GOMES'],
  ['MARTINEZ', 'MARTINES'],
  ['SANCHEZ', 'SANCHES'],
  ['PEREZ', 'PERES'],
  ['VASQUEZ', 'VAZQUEZ', 'VASQUES'],
  ['JOSE', 'JOZE'],
  // German and Dutch spellings
  ['MUELLER', 'MULLER', 'MUELER'],
  ['SCHMIDT', 'SCHMITT', 'SCHMID', 'SCHMITZ'],
  ['MEYER', 'MEIER', 'MAIER', 'MAYER', 'MEIJER'],
  ['SCHULZ', 'SCHULTZ', 'SCHULTE'],
];

/**
 * A key that ignores the usual differences between romanisations of one sound: doubled letters,
 * PH/F, OU/OO/U, EE/I, W/V, KH/H, Q/K, Y/I between consonants, silent final H and Slavic
 * -SKIY/-SKYI/-SKIJ endings.
 * Deliberately mild: anything bolder belongs to the phonetic level, which EM weights separately.
 */
export function transliterationKey(token: string): string {
  let key = token
    .replace(/(SKIY|SKII|SKYI|SKYY|SKIJ|SKYJ|SKYI)$/, 'SKY')
    .replace(/(IY|IJ|II)$/, 'I')
    // Y as a vowel between consonants is Ukrainian И or a Polish/German rendering of I.
    .replace(/([^AEIOUY])Y(?=[^AEIOUY]|$)/g, '$1I')
    .replace(/PH/g, 'F')
    .replace(/KH/g, 'H')
    .replace(/GH/g, 'G')
    .replace(/DH/g, 'D')
    .replace(/TH/g, 'T')
    .replace(/CK/g, 'K')
    .replace(/Q/g, 'K')
    .replace(/W/g, 'V')
    .replace(/OU|OO/g, 'U')
    .replace(/EE/g, 'I')
    .replace(/([AEIOU])H$/, '$1')
    .replace(/(.)\1+/g, '$1');
  if (key.length === 0) key = token;
  return key;
}

const GROUPS_BY_FORM = buildIndex();

function buildIndex(): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const group of VARIANT_GROUPS) {
    const key = group[0]!;
    for (const spelling of group) {
      for (const form of [spelling, transliterationKey(spelling)]) {
        // One spelling may belong to several names (CHUNG: Chinese ZHONG and Korean JEONG).
        const keys = index.get(form);
        if (keys === undefined) index.set(form, [key]);
        else if (!keys.includes(key)) keys.push(key);
      }
    }
  }
  return index;
}

/**
 * The variant keys of one upper-case name token: the keys of the groups it belongs to, else
 * its transliteration key alone. Two tokens are spelling variants when their keys intersect.
 */
export function variantKeys(token: string): readonly string[] {
  const known = GROUPS_BY_FORM.get(token);
  if (known !== undefined) return known;
  const key = transliterationKey(token);
  return GROUPS_BY_FORM.get(key) ?? [key];
}

/** Other spellings of the token's name from the table (used by the corruption suite). */
export function spellingVariants(token: string): readonly string[] {
  const keys = GROUPS_BY_FORM.get(token);
  if (keys === undefined) return [];
  const group = VARIANT_GROUPS.find((g) => g[0] === keys[0]);
  return group === undefined ? [] : group.filter((spelling) => spelling !== token);
}
