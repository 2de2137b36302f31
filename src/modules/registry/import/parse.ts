import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { crc32, constants as zlib, inflateRawSync } from 'node:zlib';
import { parse as csvParse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppError } from '../../../platform/http/errors.ts';
import type { ImportFormat } from './import.tables.ts';
import type { CellValue } from './rules.ts';

/** One record of the source as the spreadsheet numbers it (the header is normally row 1). */
export interface SourceRecord {
  row: number;
  cells: CellValue[];
}

/** The file cannot be read as CSV or xlsx; row is where reading stopped, when known. */
export class UnreadableFileError extends Error {
  constructor(
    readonly row: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** A CSV saved in another encoding (GBK from Excel on Chinese Windows, UTF-16 "Unicode text"): never guessed, refused with its own message. */
export class CsvNotUtf8Error extends UnreadableFileError {
  constructor() {
    super(1, 'the CSV file is not UTF-8 encoded');
  }
}

const UTF16_BOMS = [Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];

/**
 * Whether bytes meant as CSV are text in an encoding other than UTF-8: invalid UTF-8 sequences (GBK,
 * GB18030, Big5, Latin-1 …) or a UTF-16 byte-order mark. A UTF-8 BOM is fine. Checked on the bytes,
 * without decoding, so a large file costs no copy.
 */
export function isNonUtf8Csv(data: Buffer): boolean {
  if (UTF16_BOMS.some((bom) => data.subarray(0, 2).equals(bom))) return true;
  // NUL bytes mean binary, not text in some other encoding: that is the file-type check's refusal.
  return !data.includes(0) && !isUtf8(data);
}

/** For an upload: a file named .csv that is text in another encoding is refused with CSV_NOT_UTF8 rather than "file type not allowed". */
export function assertUtf8Csv(data: Buffer, filename: string): void {
  if (/\.csv$/i.test(filename) && isNonUtf8Csv(data)) throw new AppError('CSV_NOT_UTF8', 'the file is not UTF-8 encoded');
}

/** Unpacked size refused before parsing an xlsx (a "zip bomb" guard; declared sizes). */
export const MAX_XLSX_UNPACKED_BYTES = 512 * 1024 * 1024;

function* slices(buf: Buffer, size = 64 * 1024) {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/** Records of the first worksheet (xlsx) or of the file (CSV, UTF-8 with or without BOM, comma or tab separated), streamed in slices. */
export function readRecords(data: Buffer, format: ImportFormat): AsyncGenerator<SourceRecord> {
  return format === 'csv' ? readCsv(data) : readXlsx(data);
}

async function* readCsv(data: Buffer): AsyncGenerator<SourceRecord> {
  // Uploads are checked already; this keeps a file stored some other way from being read as mojibake.
  if (!isUtf8(data)) throw new CsvNotUtf8Error();
  const firstLine = data.subarray(0, Math.min(data.length, 64 * 1024)).toString('utf8').split('\n', 1)[0] ?? '';
  const delimiter = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  const parser = Readable.from(slices(data)).pipe(csvParse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: false }));
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells: record };
    }
  } catch (err) {
    parser.destroy();
    // csv-parse says how many records it had completed: the broken one is the next.
    const done = (err as { records?: unknown }).records;
    throw new UnreadableFileError(typeof done === 'number' ? done + 1 : row + 1, err instanceof Error ? err.message : String(err));
  }
}

function cellValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    if ('result' in o) return cellValue(o.result);
    if ('formula' in o || 'sharedFormula' in o) return null;
    if (typeof o.text === 'string') return o.text;
    if (typeof o.error === 'string') return o.error;
  }
  return null;
}

async function* readXlsx(data: Buffer): AsyncGenerator<SourceRecord> {
  inspectXlsx(data);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(slices(sheetsLast(data))), {
    sharedStrings: 'cache',
    styles: 'cache', // so date-formatted cells arrive as dates, not serial numbers
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let taken = false;
  let row = 0;
  try {
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name?: string }).name ?? '';
      // Templates carry a second sheet of instructions; the data is the first other sheet.
      if (taken || /^(说明|instructions)/i.test(name)) continue;
      taken = true;
      for await (const r of sheet) {
        row = r.number;
        const values = r.values as unknown[];
        const cells: CellValue[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i]));
        yield { row, cells };
      }
    }
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    throw new UnreadableFileError(row ? row + 1 : null, err instanceof Error ? err.message : String(err));
  }
}

interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

function zipEntries(buf: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new UnreadableFileError(null, 'not a zip archive');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new UnreadableFileError(null, 'broken zip directory');
    const nameLen = buf.readUInt16LE(p + 28);
    const entry = {
      method: buf.readUInt16LE(p + 10),
      crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      uncompressedSize: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.subarray(p + 46, p + 46 + nameLen).toString('utf8'),
    };
    // ZIP64 markers: no spreadsheet within the upload limit needs them.
    if (entry.uncompressedSize === 0xffffffff || entry.compressedSize === 0xffffffff) throw new UnreadableFileError(null, 'zip64 archives are not supported');
    out.push(entry);
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

const WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/;
const EMPTY_SST = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);

/**
 * The same workbook with its worksheets stored after every other part, each entry's sizes in its
 * local header, and an empty shared-strings part when the file has none. ExcelJS's streaming reader
 * parks a worksheet it meets before the shared strings in a temporary file (exceljs and most tools
 * write the sheets first), and that path loses the file now and then under load (ENOENT from `tmp`);
 * entries whose sizes follow the data (a "data descriptor") must also be found by scanning for a
 * signature. With this order and the sizes up front it reads the sheets straight from the stream.
 * Only the central directory is trusted; the compressed bytes are copied, never inflated.
 */
export function sheetsLast(buf: Buffer): Buffer {
  const entries = zipEntries(buf);
  const parts: { name: Buffer; method: number; crc: number; size: number; data: Buffer }[] = [];
  for (const e of entries) {
    const at = e.localOffset;
    if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50) throw new UnreadableFileError(null, `broken zip entry ${e.name}`);
    const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
    if (start + e.compressedSize > buf.length) throw new UnreadableFileError(null, `truncated zip entry ${e.name}`);
    parts.push({ name: Buffer.from(e.name, 'utf8'), method: e.method, crc: e.crc, size: e.uncompressedSize, data: buf.subarray(start, start + e.compressedSize) });
  }
  if (!entries.some((e) => e.name === 'xl/sharedStrings.xml')) parts.push({ name: Buffer.from('xl/sharedStrings.xml'), method: 0, crc: crc32(EMPTY_SST), size: EMPTY_SST.length, data: EMPTY_SST });
  const ordered = [...parts.filter((p) => !WORKSHEET.test(p.name.toString('utf8'))), ...parts.filter((p) => WORKSHEET.test(p.name.toString('utf8')))];
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of ordered) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names; no data descriptor
    local.writeUInt16LE(p.method, 8);
    local.writeUInt32LE(p.crc, 14);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(p.size, 22);
    local.writeUInt16LE(p.name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(p.method, 10);
    dir.writeUInt32LE(p.crc, 16);
    dir.writeUInt32LE(p.data.length, 20);
    dir.writeUInt32LE(p.size, 24);
    dir.writeUInt16LE(p.name.length, 28);
    dir.writeUInt32LE(offset, 42);
    out.push(local, p.name, p.data);
    central.push(dir, p.name);
    offset += 30 + p.name.length + p.data.length;
  }
  const dirBytes = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(ordered.length, 8);
  end.writeUInt16LE(ordered.length, 10);
  end.writeUInt32LE(dirBytes, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, ...central, end]);
}

/**
 * Checks an xlsx before streaming it: the declared unpacked size is bounded, and the first sheet's
 * <dimension> (written by Excel, WPS and exceljs) gives the row count for the progress bar.
 */
export function inspectXlsx(buf: Buffer): { unpackedBytes: number; lastRow: number | null } {
  const entries = zipEntries(buf);
  const unpackedBytes = entries.reduce((s, e) => s + e.uncompressedSize, 0);
  if (unpackedBytes > MAX_XLSX_UNPACKED_BYTES) throw new UnreadableFileError(null, `unpacks to ${unpackedBytes} bytes`);
  const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml');
  let lastRow: number | null = null;
  if (sheet && sheet.localOffset + 30 <= buf.length && buf.readUInt32LE(sheet.localOffset) === 0x04034b50) {
    const start = sheet.localOffset + 30 + buf.readUInt16LE(sheet.localOffset + 26) + buf.readUInt16LE(sheet.localOffset + 28);
    const head = buf.subarray(start, Math.min(buf.length, start + Math.min(sheet.compressedSize, 16 * 1024)));
    let xml = '';
    try {
      xml = (sheet.method === 8 ? inflateRawSync(head, { finishFlush: zlib.Z_SYNC_FLUSH }) : head).toString('utf8');
    } catch {
      xml = '';
    }
    const m = /<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"/.exec(xml);
    if (m?.[1]) lastRow = Number(m[1]);
  }
  return { unpackedBytes, lastRow };
}

/** Data records in the file, for the progress bar: exact for xlsx with a dimension, line-based for CSV. */
export function estimateRecords(data: Buffer, format: ImportFormat): number | null {
  if (format === 'xlsx') {
    try {
      const { lastRow } = inspectXlsx(data);
      return lastRow === null ? null : Math.max(0, lastRow - 1);
    } catch {
      return null;
    }
  }
  let lines = 0;
  for (let i = data.indexOf(10); i !== -1; i = data.indexOf(10, i + 1)) lines++;
  if (data.length && data[data.length - 1] !== 10) lines++;
  return Math.max(0, lines - 1);
}
