import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { assertUtf8Csv, CsvNotUtf8Error, estimateRecords, inspectXlsx, isNonUtf8Csv, readRecords, sheetsLast, UnreadableFileError, type SourceRecord } from './parse.ts';
import { buffer } from 'node:stream/consumers';
import { tableWriter } from '../../../platform/export/writer.ts';
import { importTemplate } from './template.ts';
import { mapHeader } from './rules.ts';

async function all(data: Buffer, format: 'csv' | 'xlsx'): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of readRecords(data, format)) out.push(r);
  return out;
}

async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('CSV', () => {
  it('reads UTF-8 with and without BOM, quoted commas and line breaks, and numbers rows as records', async () => {
    const text = '名称,简介\n"甲,乙公司","第一行\n第二行"\n\n丙公司,x\n';
    for (const data of [Buffer.from(text), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])]) {
      const rows = await all(data, 'csv');
      expect(rows).toEqual([
        { row: 1, cells: ['名称', '简介'] },
        { row: 2, cells: ['甲,乙公司', '第一行\n第二行'] },
        { row: 3, cells: [''] },
        { row: 4, cells: ['丙公司', 'x'] },
      ]);
    }
  });

  it('reads tab-separated text too', async () => {
    expect(await all(Buffer.from('a\tb\n1\t2\n'), 'csv')).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['1', '2'] },
    ]);
  });

  it('a broken quote is an unreadable file, with the row where reading stopped', async () => {
    const err = await all(Buffer.from('a,b\n1,2\n"3,4\n'), 'csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableFileError);
    expect((err as UnreadableFileError).row).toBe(3);
  });

  it('tells CSV in another encoding (GBK, UTF-16) from UTF-8 with or without BOM, and from binary', async () => {
    const gbk = Buffer.from([0xc9, 0xfa, 0xce, 0xef, 0x2c, 0xd2, 0xbd, 0xd2, 0xa9, 0x0a]); // 生物,医药 in GBK
    const utf8 = Buffer.from('生物,医药\n');
    expect(isNonUtf8Csv(gbk)).toBe(true);
    expect(isNonUtf8Csv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('生物', 'utf16le')]))).toBe(true);
    expect(isNonUtf8Csv(utf8)).toBe(false);
    expect(isNonUtf8Csv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]))).toBe(false);
    expect(isNonUtf8Csv(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xc9]))).toBe(false); // binary: the type check refuses it
    expect(() => assertUtf8Csv(gbk, '机构.CSV')).toThrow(expect.objectContaining({ code: 'CSV_NOT_UTF8' }));
    expect(() => assertUtf8Csv(gbk, 'data.xlsx')).not.toThrow();
    expect(() => assertUtf8Csv(utf8, 'a.csv')).not.toThrow();
    // Reading never turns another encoding into mojibake: it stops at once.
    const err = await all(gbk, 'csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CsvNotUtf8Error);
    expect(err).toBeInstanceOf(UnreadableFileError);
  });

  it('estimates the records for the progress bar from the lines', () => {
    expect(estimateRecords(Buffer.from('h\n1\n2\n3\n'), 'csv')).toBe(3);
    expect(estimateRecords(Buffer.from('h\n1\n2\n3'), 'csv')).toBe(3);
  });
});

describe('xlsx', () => {
  it('reads the first sheet: text, numbers, real dates, rich text and formula results', async () => {
    const data = await xlsx((wb) => {
      const ws = wb.addWorksheet('数据');
      ws.addRow(['统一社会信用代码', '成立日期', '营业收入（元）', '名称']);
      const r = ws.addRow(['91110108MA0000001X', new Date(Date.UTC(2015, 2, 1)), 1234.5, { richText: [{ text: '北京' }, { text: '甲公司', font: { bold: true } }] }]);
      r.getCell(2).numFmt = 'yyyy-mm-dd';
      ws.addRow([{ formula: 'A1', result: 'x' }, null, { formula: '1+1', result: 2 }, '']);
      wb.addWorksheet('其他').addRow(['not read']);
    });
    const rows = await all(data, 'xlsx');
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(rows[1]!.cells).toEqual(['91110108MA0000001X', new Date(Date.UTC(2015, 2, 1)), 1234.5, '北京甲公司']);
    expect(rows[2]!.cells.slice(0, 3)).toEqual(['x', null, 2]);
    expect(inspectXlsx(data).lastRow).toBe(3);
    expect(estimateRecords(data, 'xlsx')).toBe(2);
  });

  it('skips an instructions sheet in front of the data', async () => {
    const data = await xlsx((wb) => {
      wb.addWorksheet('说明').addRow(['read me']);
      wb.addWorksheet('data').addRow(['creditCode']);
    });
    expect((await all(data, 'xlsx')).map((r) => r.cells)).toEqual([['creditCode']]);
  });

  it('the template of each kind reads back as a header with every column and no errors', async () => {
    for (const kind of ['organizations', 'qualifications', 'figures'] as const) {
      const t = await importTemplate(kind, 'xlsx');
      const rows = await all(t.data, 'xlsx');
      expect(rows).toHaveLength(1);
      const h = mapHeader(kind, rows[0]!.cells);
      expect(h.errors).toEqual([]);
      expect(h.ignored).toEqual([]);
      const csv = await importTemplate(kind, 'csv');
      expect([...csv.data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const csvRows = await all(csv.data, 'csv');
      expect(mapHeader(kind, csvRows[0]!.cells).columns.length).toBe(h.columns.length);
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await importTemplate('figures', 'xlsx')).data as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['年度经营数据', '说明 Instructions']);
    expect(wb.worksheets[1]!.getRow(2).values).toContain('统一社会信用代码');
  });

  it('streams the sheets after the shared strings (no temporary files): the parts are reordered, sizes up front, an empty string table added when missing', async () => {
    const names = (buf: Buffer) => {
      const out: string[] = [];
      for (let at = buf.indexOf(Buffer.from('PK\u0003\u0004')); at !== -1; at = buf.indexOf(Buffer.from('PK\u0003\u0004'), at + 4)) out.push(buf.subarray(at + 30, at + 30 + buf.readUInt16LE(at + 26)).toString());
      return out;
    };
    const data = await xlsx((wb) => {
      wb.addWorksheet('数据').addRows([['名称', '金额'], ['甲公司', 12], ['乙公司', 13]]);
      wb.addWorksheet('其他').addRow(['x']);
    });
    const before = names(data);
    expect(before.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(before.indexOf('xl/sharedStrings.xml'));
    const after = sheetsLast(data);
    const order = names(after);
    expect(order.slice(-2)).toEqual(['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']);
    expect(new Set(order)).toEqual(new Set(before));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(after as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(3).values).toEqual([undefined, '乙公司', 13]);
    expect((await all(data, 'xlsx')).map((r) => r.cells)).toEqual([['名称', '金额'], ['甲公司', 12], ['乙公司', 13]]);

    // Our own exports use inline strings: no shared-strings part at all.
    const w = tableWriter('xlsx', '导出', ['名称']);
    const bytes = buffer(w.stream);
    await w.row(['丙公司']);
    await w.end();
    const exported = await bytes;
    expect(names(exported)).not.toContain('xl/sharedStrings.xml');
    expect(names(sheetsLast(exported))).toContain('xl/sharedStrings.xml');
    expect((await all(exported, 'xlsx')).map((r) => r.cells)).toEqual([['名称'], ['丙公司']]);
  });

  it('refuses what is not a workbook, and a workbook that claims to unpack to more than the limit', async () => {
    await expect(all(Buffer.from('PK\u0003\u0004 not really a zip'), 'xlsx')).rejects.toBeInstanceOf(UnreadableFileError);
    const data = await xlsx((wb) => wb.addWorksheet('d').addRow(['a']));
    // Patch the declared unpacked size of the first central-directory entry to 1 GiB.
    const cd = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const first = data.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(cd).toBeGreaterThan(0);
    const bomb = Buffer.from(data);
    bomb.writeUInt32LE(1024 * 1024 * 1024, first + 24);
    expect(() => inspectXlsx(bomb)).toThrow(UnreadableFileError);
    await expect(all(bomb, 'xlsx')).rejects.toBeInstanceOf(UnreadableFileError);
  });
});
