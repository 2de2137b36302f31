import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify';

export type ExportFormat = 'csv' | 'xlsx';
export type ExportCell = string | number | null;
export const EXPORT_FORMATS = ['xlsx', 'csv'] as const satisfies readonly ExportFormat[];

/** Data rows an xlsx worksheet can hold (Excel's limit is 1,048,576 rows, one of them the header). */
export const XLSX_MAX_DATA_ROWS = 1_048_575;

export interface TableWriter {
  /** Readable bytes of the file, to send as the response while rows are still being added. */
  readonly stream: Readable;
  row(cells: ExportCell[]): Promise<void>;
  end(): Promise<void>;
}

/** Resolves when the reader has taken what was buffered; throws when the reader went away (client closed the download). */
async function drained(s: Writable & { destroyed: boolean }) {
  if (s.destroyed) throw new Error('export stream closed');
  const ac = new AbortController();
  const wait = (event: string) => once(s, event, { signal: ac.signal }).then(
    () => undefined,
    () => undefined,
  );
  await Promise.race([wait('drain'), wait('close'), wait('error')]);
  ac.abort();
  if (s.destroyed) throw new Error('export stream closed');
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Text that a spreadsheet would run as a formula gets an apostrophe in front (CSV injection); imports take it off again. */
export function csvSafe(v: ExportCell): ExportCell {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/**
 * A streaming table file. CSV is UTF-8 with a BOM so Excel shows Chinese correctly; xlsx is written
 * row by row (exceljs' streaming writer), so memory stays flat however many rows there are.
 */
export function tableWriter(format: ExportFormat, sheetName: string, header: string[]): TableWriter {
  if (format === 'csv') {
    const s = stringify({ bom: true });
    let started = false;
    const write = async (cells: ExportCell[]) => {
      if (s.destroyed) throw new Error('export stream closed');
      if (!s.write(cells)) await drained(s);
    };
    return {
      stream: s,
      async row(cells) {
        if (!started) {
          started = true;
          await write(header);
        }
        await write(cells.map(csvSafe));
      },
      async end() {
        if (!started) await write(header);
        s.end();
      },
    };
  }
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet(sheetName.slice(0, 31));
  ws.addRow(header).commit();
  let n = 0;
  return {
    stream: out,
    async row(cells) {
      ws.addRow(cells).commit();
      // Let the zip stream drain to the response now and then instead of buffering the whole file.
      if (++n % 500 === 0) {
        if (out.writableNeedDrain || out.destroyed) await drained(out);
        await new Promise<void>((r) => setImmediate(r));
      }
    },
    async end() {
      ws.commit();
      await wb.commit();
    },
  };
}
