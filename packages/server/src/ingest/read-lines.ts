import { createReadStream } from 'node:fs';

/** One physical line of a file: its bytes (without the newline), 1-based number and byte offset. */
export type PhysicalLine = {
  bytes: Buffer;
  line: number;
  byteOffset: number;
  final: boolean;
  hadNewline: boolean;
  oversized: boolean;
};

/**
 * Reads a file line by line in constant memory. A line longer than maxLineBytes is not buffered:
 * it is reported once as oversized (with its first bytes) and skipped to its end.
 */
export async function* readLines(
  path: string,
  maxLineBytes: number,
  onBytes?: (n: number) => void,
): AsyncGenerator<PhysicalLine> {
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let lineNumber = 1;
  let lineOffset = 0;
  let position = 0;
  let skipping = false;
  let pending: PhysicalLine | undefined;

  const emit = function* (line: PhysicalLine): Generator<PhysicalLine> {
    if (pending !== undefined) yield pending;
    pending = line;
  };

  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    onBytes?.(chunk.length);
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(10, start);
      const end = newline === -1 ? chunk.length : newline;
      if (!skipping) {
        const piece = chunk.subarray(start, end);
        if (carryBytes === 0 && newline !== -1 && piece.length <= maxLineBytes) {
          // A whole line inside one chunk is passed as a view of it, not copied (each read of the
          // stream fills a buffer of its own, so the view stays valid).
          position += newline - start + 1;
          yield* emit({
            bytes: piece,
            line: lineNumber,
            byteOffset: lineOffset,
            final: false,
            hadNewline: true,
            oversized: false,
          });
          lineNumber++;
          lineOffset = position;
          start = newline + 1;
          continue;
        }
        if (carryBytes + piece.length > maxLineBytes) {
          const head = Buffer.concat([...carry, piece]).subarray(0, 256);
          yield* emit({
            bytes: head,
            line: lineNumber,
            byteOffset: lineOffset,
            final: false,
            hadNewline: true,
            oversized: true,
          });
          carry = [];
          carryBytes = 0;
          skipping = true;
        } else {
          carry.push(Buffer.from(piece));
          carryBytes += piece.length;
        }
      }
      if (newline === -1) {
        position += chunk.length - start;
        break;
      }
      position += newline - start + 1;
      if (!skipping) {
        yield* emit({
          bytes: Buffer.concat(carry),
          line: lineNumber,
          byteOffset: lineOffset,
          final: false,
          hadNewline: true,
          oversized: false,
        });
      }
      carry = [];
      carryBytes = 0;
      skipping = false;
      lineNumber++;
      lineOffset = position;
      start = newline + 1;
    }
  }
  if (!skipping && carryBytes > 0) {
    yield* emit({
      bytes: Buffer.concat(carry),
      line: lineNumber,
      byteOffset: lineOffset,
      final: true,
      hadNewline: false,
      oversized: false,
    });
  }
  if (pending !== undefined) yield { ...pending, final: true };
}
