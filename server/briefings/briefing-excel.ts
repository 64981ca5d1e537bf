/**
 * A briefing (通报) as a formatted Excel workbook, from its stored snapshot only: 「概况」 the
 * headline figures with 本期 / 环比 / 同比 under merged group headers, 「分布」 by town or village,
 * 「排名」 the ranking tables (unranked rows greyed, with the reason), 「分类」 by type, 「村级分类」
 * the lagging villages when the notice has them, and for the weekly notices 「事项清单」 the events.
 * Counts are numbers (#,##0) and rates real ratios formatted as per cent (0.0%, 0.00% from 99% as
 * the notices print them), so the figures can be summed and charted; a rate with nothing to divide
 * by is the text "—". Every sheet prints on A4 landscape, one page wide.
 */
import { chinaMinuteOf, chinaWallClock } from '../../core/time/china-time.js';
import ExcelJS from 'exceljs';
import {
  OWN_BUCKET_NOTE,
  type BriefingChange,
  type BriefingContent,
  type BriefingEventList,
  type BriefingFigure,
  type BriefingTable,
} from './briefing.service.js';

const NO_VALUE = '—';
const COUNT_FORMAT = '#,##0';
const COUNT_CHANGE_FORMAT = '+#,##0;-#,##0;0';
const RATIO_CHANGE_FORMAT = '+0.0%;-0.0%;0.0%';
const POINTS_FORMAT = '+0.00"pp";-0.00"pp";0.00"pp"';
const TIME_FORMAT = 'yyyy-mm-dd hh:mm';
const GREY = 'FF808080';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FF000000' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** The per-cent format a rate gets: two decimals where rates crowd near the top, as formatRate shows them. */
export function rateFormat(value: number): string {
  return value >= 0.99 && value < 1 ? '0.00%' : '0.0%';
}

/** A Date whose UTC fields read as China wall-clock time: Excel has no time zones. */
function wallClockOf(isoTime: string): Date {
  return chinaWallClock(new Date(isoTime));
}

function chinaMinute(isoTime: string): string {
  return chinaMinuteOf(new Date(isoTime));
}

type Value = string | number | Date | null;

/** Writes one value with its format into a cell. */
function put(cell: ExcelJS.Cell, value: Value, numFmt?: string): void {
  cell.value = value === null ? NO_VALUE : value;
  if (value === null) cell.alignment = { horizontal: 'center' };
  else if (numFmt) cell.numFmt = numFmt;
}

function putFigure(cell: ExcelJS.Cell, kind: 'count' | 'rate', value: number | null): void {
  if (value === null) return put(cell, null);
  put(cell, value, kind === 'count' ? COUNT_FORMAT : rateFormat(value));
}

function putChange(cell: ExcelJS.Cell, kind: 'count' | 'rate', c: BriefingChange): void {
  if (kind === 'rate') return c.delta === null ? put(cell, null) : put(cell, c.delta, POINTS_FORMAT);
  if (c.ratio !== null) return put(cell, c.ratio, RATIO_CHANGE_FORMAT);
  put(cell, c.delta ?? 0, COUNT_CHANGE_FORMAT);
}

function newSheet(workbook: ExcelJS.Workbook, name: string, widths: number[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  widths.forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  return sheet;
}

/** The merged, bold, centred title row and the subtitle under it. Returns the next free row. */
function titleRows(sheet: ExcelJS.Worksheet, content: BriefingContent, columns: number, heading: string): number {
  sheet.mergeCells(1, 1, 1, columns);
  const title = sheet.getCell(1, 1);
  title.value = heading;
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  sheet.getRow(1).height = 32;
  sheet.mergeCells(2, 1, 2, columns);
  const sub = sheet.getCell(2, 1);
  sub.value = `范围：${content.scope.name}　统计期：${content.period.label}　生成时间：${chinaMinute(content.generatedAt)}`;
  sub.font = { size: 10, color: { argb: GREY } };
  sub.alignment = { horizontal: 'center' };
  return 4;
}

/** A section heading merged across the table's width. */
function sectionRow(sheet: ExcelJS.Worksheet, row: number, columns: number, text: string): void {
  sheet.mergeCells(row, 1, row, columns);
  const cell = sheet.getCell(row, 1);
  cell.value = text;
  cell.font = { bold: true, size: 12 };
}

function headerCell(cell: ExcelJS.Cell, text: string): void {
  cell.value = text;
  cell.font = { bold: true };
  cell.fill = HEADER_FILL;
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  cell.border = BORDER;
}

function borderRow(sheet: ExcelJS.Worksheet, row: number, columns: number): void {
  for (let c = 1; c <= columns; c++) sheet.getCell(row, c).border = BORDER;
}

function overviewSheet(workbook: ExcelJS.Workbook, content: BriefingContent): void {
  const columns = 8;
  const sheet = newSheet(workbook, '概况', [22, 13, 11, 11, 13, 12, 13, 12]);
  let row = titleRows(sheet, content, columns, content.title);
  sheet.mergeCells(3, 1, 3, columns);
  const compare = sheet.getCell(3, 1);
  compare.value = `环比：${content.previous.label}　同比：${content.lastYear.label}`;
  compare.font = { size: 10, color: { argb: GREY } };
  compare.alignment = { horizontal: 'center' };

  // Two header rows: 指标 | 本期 (数值 分子 分母) | 环比 (上期 增减) | 同比 (去年同期 增减)
  const top = row;
  const sub = row + 1;
  sheet.mergeCells(top, 1, sub, 1);
  headerCell(sheet.getCell(top, 1), '指标');
  const groups: [string, number, number, string[]][] = [
    ['本期', 2, 4, ['数值', '分子', '分母']],
    ['环比', 5, 6, ['上期', '增减']],
    ['同比', 7, 8, ['去年同期', '增减']],
  ];
  for (const [name, from, to, parts] of groups) {
    sheet.mergeCells(top, from, top, to);
    headerCell(sheet.getCell(top, from), name);
    parts.forEach((part, i) => headerCell(sheet.getCell(sub, from + i), part));
  }
  for (let c = 1; c <= columns; c++) sheet.getCell(top, c).border = BORDER;
  row = sub + 1;
  for (const f of content.headline) {
    sheet.getCell(row, 1).value = f.zh;
    putFigure(sheet.getCell(row, 2), f.kind, f.value);
    if (f.kind === 'rate') {
      put(sheet.getCell(row, 3), f.numerator, COUNT_FORMAT);
      put(sheet.getCell(row, 4), f.denominator, COUNT_FORMAT);
    }
    putFigure(sheet.getCell(row, 5), f.kind, f.mom.previousValue);
    putChange(sheet.getCell(row, 6), f.kind, f.mom);
    putFigure(sheet.getCell(row, 7), f.kind, f.yoy.previousValue);
    putChange(sheet.getCell(row, 8), f.kind, f.yoy);
    borderRow(sheet, row, columns);
    row += 1;
  }
  row += 1;
  sheet.mergeCells(row, 1, row, columns);
  const note = sheet.getCell(row, 1);
  note.value = '注：按上报日期统计本期受理的事项及其当前状态；比率分母为零时显示“—”；比率增减以百分点（pp）计。';
  note.font = { size: 9, color: { argb: GREY } };
  note.alignment = { wrapText: true };
  sheet.views = [{ state: 'frozen', ySplit: sub }];
  sheet.pageSetup.printTitlesRow = `${top}:${sub}`;
}

/** A table of figures (by place or type): 名称 and one column per KPI. Returns the next free row. */
function figureTable(sheet: ExcelJS.Worksheet, table: BriefingTable, row: number): number {
  const columns = table.columns.length + 1;
  headerCell(sheet.getCell(row, 1), '名称');
  table.columns.forEach((c, i) => headerCell(sheet.getCell(row, i + 2), c.zh));
  row += 1;
  for (const r of table.rows) {
    sheet.getCell(row, 1).value = r.name;
    table.columns.forEach((c, i) => {
      const f: BriefingFigure | undefined = r.figures[c.key];
      putFigure(sheet.getCell(row, i + 2), c.kind, f ? f.value : null);
    });
    borderRow(sheet, row, columns);
    // the centre's own row (本级): set apart, explained below the table
    if (r.own) for (let c = 1; c <= columns; c++) sheet.getCell(row, c).font = { italic: true };
    row += 1;
  }
  if (table.rows.some((r) => r.own)) {
    sheet.mergeCells(row, 1, row, columns);
    const note = sheet.getCell(row, 1);
    note.value = OWN_BUCKET_NOTE;
    note.font = { size: 9, color: { argb: GREY } };
    note.alignment = { wrapText: true };
    row += 1;
  }
  return row;
}

function tableSheet(workbook: ExcelJS.Workbook, content: BriefingContent, name: string, table: BriefingTable): void {
  const columns = table.columns.length + 1;
  const sheet = newSheet(workbook, name, [24, ...table.columns.map(() => 12)]);
  const header = titleRows(sheet, content, columns, `${content.title}——${table.title}`);
  figureTable(sheet, table, header);
  sheet.views = [{ state: 'frozen', ySplit: header }];
  sheet.pageSetup.printTitlesRow = `${header}:${header}`;
}

function rankingSheet(workbook: ExcelJS.Workbook, content: BriefingContent): void {
  const columns = 6;
  const sheet = newSheet(workbook, '排名', [8, 24, 12, 10, 10, 36]);
  let row = titleRows(sheet, content, columns, `${content.title}——排名`);
  for (const ranking of content.rankings) {
    sectionRow(
      sheet,
      row,
      columns,
      `${ranking.title}（${ranking.kpi.higherIsBetter ? '由高到低' : '由低到高'}，基数不足${ranking.minVolume}件不排名）`,
    );
    row += 1;
    ['名次', '名称', ranking.kpi.zh, '分子', '基数', '说明'].forEach((h, i) =>
      headerCell(sheet.getCell(row, i + 1), h),
    );
    row += 1;
    for (const r of ranking.rows) {
      const rank = sheet.getCell(row, 1);
      if (r.rank === null) put(rank, null);
      else put(rank, r.rank, '0');
      rank.alignment = { horizontal: 'center' };
      sheet.getCell(row, 2).value = r.name;
      putFigure(sheet.getCell(row, 3), ranking.kpi.kind, r.value);
      put(sheet.getCell(row, 4), r.numerator, COUNT_FORMAT);
      put(sheet.getCell(row, 5), r.volume, COUNT_FORMAT);
      sheet.getCell(row, 6).value = r.note ?? '';
      borderRow(sheet, row, columns);
      if (r.rank === null) for (let c = 1; c <= columns; c++) sheet.getCell(row, c).font = { color: { argb: GREY } };
      row += 1;
    }
    row += 1;
  }
}

function villageClassSheet(workbook: ExcelJS.Workbook, content: BriefingContent): void {
  const classes = content.villageClasses;
  if (!classes) return;
  const columns = 5;
  const sheet = newSheet(workbook, '村级分类', [24, 18, 22, 10, 36]);
  let row = titleRows(sheet, content, columns, `${content.title}——村级分类`);
  sectionRow(sheet, row, columns, `${classes.latestMonth} 各类村(社区)数`);
  row += 1;
  classes.summary.forEach((s, i) => headerCell(sheet.getCell(row, i + 1), s.name));
  row += 1;
  classes.summary.forEach((s, i) => put(sheet.getCell(row, i + 1), s.villages, COUNT_FORMAT));
  borderRow(sheet, row, classes.summary.length);
  row += 2;
  sectionRow(sheet, row, columns, `滞后村(社区)（${classes.lagging.length}个）`);
  row += 1;
  ['村(社区)', '所属镇(街道)', '滞后月份', '最近得分', '挂钩部门'].forEach((h, i) =>
    headerCell(sheet.getCell(row, i + 1), h),
  );
  row += 1;
  for (const v of classes.lagging) {
    sheet.getCell(row, 1).value = v.villageName;
    sheet.getCell(row, 2).value = v.townName ?? '';
    sheet.getCell(row, 3).value = v.months.join('、');
    put(sheet.getCell(row, 4), v.latestScore, '0.0');
    sheet.getCell(row, 5).value = v.pairedDepartments.join('、') || '未挂钩';
    borderRow(sheet, row, columns);
    row += 1;
  }
}

const EVENT_HEADERS = [
  '序号',
  '编号',
  '标题',
  '类型',
  '风险',
  '地点',
  '上报时间',
  '状态',
  '层级',
  '亮灯',
  '逾期',
  '督办',
  '最新进展',
  '进展时间',
];

function eventListRows(sheet: ExcelJS.Worksheet, list: BriefingEventList, row: number): number {
  const columns = EVENT_HEADERS.length;
  const shown = list.items.length;
  sectionRow(
    sheet,
    row,
    columns,
    `${list.title}（共${list.total}件${list.total > shown ? `，列出前${shown}件` : ''}）`,
  );
  row += 1;
  EVENT_HEADERS.forEach((h, i) => headerCell(sheet.getCell(row, i + 1), h));
  row += 1;
  list.items.forEach((e, i) => {
    const progress = e.lastActionName ? `${e.lastActionName}${e.lastNote ? `：${e.lastNote}` : ''}` : '';
    const cells: Value[] = [
      i + 1,
      e.serialNo,
      e.title,
      e.typeName,
      e.riskName,
      [e.place, e.address].filter(Boolean).join(' '),
      wallClockOf(e.reportedAt),
      e.statusName,
      e.tierName,
      e.lightName,
      e.overdue ? '是' : '否',
      e.supervised ? '是' : '否',
      progress,
      e.lastActionAt ? wallClockOf(e.lastActionAt) : '',
    ];
    cells.forEach((v, c) => {
      const cell = sheet.getCell(row, c + 1);
      put(cell, v, v instanceof Date ? TIME_FORMAT : undefined);
      cell.alignment = { vertical: 'top', wrapText: c === 2 || c === 5 || c === 12 };
    });
    if (e.light === 'red' || e.overdue) sheet.getCell(row, 10).font = { color: { argb: 'FFC00000' }, bold: true };
    borderRow(sheet, row, columns);
    row += 1;
  });
  return row + 1;
}

function eventSheet(workbook: ExcelJS.Workbook, content: BriefingContent): void {
  if (!content.lists.length) return;
  const sheet = newSheet(workbook, '事项清单', [6, 18, 30, 10, 6, 22, 16, 8, 9, 6, 6, 6, 36, 16]);
  let row = titleRows(sheet, content, EVENT_HEADERS.length, `${content.title}——事项清单`);
  for (const list of content.lists) row = eventListRows(sheet, list, row);
}

/** The notice as an .xlsx file. */
export async function renderBriefingExcel(content: BriefingContent): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '一网 Yiwang';
  workbook.title = content.title;
  workbook.created = new Date(content.generatedAt);
  overviewSheet(workbook, content);
  tableSheet(workbook, content, '分布', content.byPlace);
  rankingSheet(workbook, content);
  tableSheet(workbook, content, '分类', content.byType);
  villageClassSheet(workbook, content);
  eventSheet(workbook, content);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
