/**
 * A briefing (通报) as one self-contained printable HTML page (zh-CN), from its stored snapshot:
 * the title, the headline figures with 环比 / 同比, by place, rankings, by type, the lagging
 * villages and the weekly event lists. No scripts, no external assets; print CSS sets A4
 * landscape and repeats table headers on every page. Every text is escaped — titles, names,
 * addresses and notes are user data.
 */
import { chinaMinuteOf } from '../../core/time/china-time.js';
import {
  OWN_BUCKET_NOTE,
  type BriefingContent,
  type BriefingEventList,
  type BriefingFigure,
  type BriefingTable,
} from './briefing.service.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const e = escapeHtml;

function chinaMinute(isoTime: string | null): string {
  if (!isoTime) return '';
  return chinaMinuteOf(new Date(isoTime));
}

const CSS = `
@page { size: A4 landscape; margin: 12mm 10mm; }
* { box-sizing: border-box; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif; color: #000; margin: 0 auto; max-width: 1200px; padding: 16px; font-size: 13px; line-height: 1.5; }
h1 { font-size: 22px; text-align: center; margin: 8px 0 4px; }
h2 { font-size: 16px; margin: 18px 0 6px; border-left: 4px solid #1f4e79; padding-left: 6px; }
h3 { font-size: 14px; margin: 12px 0 4px; }
.meta { text-align: center; color: #555; font-size: 12px; margin: 0 0 2px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; }
th, td { border: 1px solid #444; padding: 3px 6px; vertical-align: top; }
th { background: #d9e1f2; font-weight: bold; text-align: center; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.c { text-align: center; white-space: nowrap; }
tr.unranked td { color: #808080; }
tr.own td { font-style: italic; background: #f2f2f2; }
.red { color: #c00000; font-weight: bold; }
.note { color: #555; font-size: 12px; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
@media print { body { max-width: none; padding: 0; } h2 { break-after: avoid; page-break-after: avoid; } }
`;

function figureCell(f: BriefingFigure | undefined): string {
  return `<td class="n">${e(f ? f.display : '—')}</td>`;
}

function headlineTable(content: BriefingContent): string {
  const rows = content.headline
    .map(
      (f) =>
        `<tr><td>${e(f.zh)}</td><td class="n">${e(f.display)}</td><td class="n">${f.kind === 'rate' ? `${e(f.numerator)} / ${e(f.denominator)}` : ''}</td>` +
        `<td class="n">${e(f.mom.previousDisplay)}</td><td class="n">${e(f.mom.display)}</td>` +
        `<td class="n">${e(f.yoy.previousDisplay)}</td><td class="n">${e(f.yoy.display)}</td></tr>`,
    )
    .join('\n');
  return `<table>
<thead>
<tr><th rowspan="2">指标</th><th colspan="2">本期</th><th colspan="2">环比</th><th colspan="2">同比</th></tr>
<tr><th>数值</th><th>分子 / 分母</th><th>上期</th><th>增减</th><th>去年同期</th><th>增减</th></tr>
</thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function figureTable(table: BriefingTable): string {
  const head = `<tr><th>名称</th>${table.columns.map((c) => `<th>${e(c.zh)}</th>`).join('')}</tr>`;
  const rows = table.rows
    .map(
      (r) =>
        `<tr${r.own ? ' class="own"' : ''}><td>${e(r.name)}</td>${table.columns.map((c) => figureCell(r.figures[c.key])).join('')}</tr>`,
    )
    .join('\n');
  const note = table.rows.some((r) => r.own) ? `\n<p class="note">${e(OWN_BUCKET_NOTE)}</p>` : '';
  return `<h2>${e(table.title)}</h2>\n<table>\n<thead>${head}</thead>\n<tbody>\n${rows}\n</tbody>\n</table>${note}`;
}

function rankings(content: BriefingContent): string {
  if (!content.rankings.length) return '';
  const parts = content.rankings.map((r) => {
    const rows = r.rows
      .map(
        (row) =>
          `<tr${row.rank === null ? ' class="unranked"' : ''}><td class="c">${row.rank === null ? '—' : e(row.rank)}</td><td>${e(row.name)}</td>` +
          `<td class="n">${e(row.display)}</td><td class="n">${e(row.numerator)}</td><td class="n">${e(row.volume)}</td><td>${e(row.note ?? '')}</td></tr>`,
      )
      .join('\n');
    return `<h3>${e(r.title)}（${r.kpi.higherIsBetter ? '由高到低' : '由低到高'}，基数不足${e(r.minVolume)}件不排名）</h3>
<table>
<thead><tr><th>名次</th><th>名称</th><th>${e(r.kpi.zh)}</th><th>分子</th><th>基数</th><th>说明</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
  });
  return `<h2>排名</h2>\n${parts.join('\n')}`;
}

function villageClasses(content: BriefingContent): string {
  const vc = content.villageClasses;
  if (!vc) return '';
  const summary = `<table><thead><tr>${vc.summary.map((s) => `<th>${e(s.name)}</th>`).join('')}</tr></thead><tbody><tr>${vc.summary.map((s) => `<td class="n">${e(s.villages)}</td>`).join('')}</tr></tbody></table>`;
  const lagging = vc.lagging.length
    ? `<table><thead><tr><th>村(社区)</th><th>所属镇(街道)</th><th>滞后月份</th><th>最近得分</th><th>挂钩部门</th></tr></thead><tbody>
${vc.lagging
  .map(
    (v) =>
      `<tr><td>${e(v.villageName)}</td><td>${e(v.townName ?? '')}</td><td>${e(v.months.join('、'))}</td><td class="n">${v.latestScore === null ? '—' : e(v.latestScore.toFixed(1))}</td><td>${e(v.pairedDepartments.join('、') || '未挂钩')}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`
    : '<p class="note">本期无滞后村(社区)。</p>';
  return `<h2>村级分类（${e(vc.latestMonth)}）</h2>\n${summary}\n<h3>滞后村(社区)（${e(vc.lagging.length)}个）</h3>\n${lagging}`;
}

function eventList(list: BriefingEventList): string {
  const shown = list.items.length;
  const heading = `<h2>${e(list.title)}（共${e(list.total)}件${list.total > shown ? `，列出前${e(shown)}件` : ''}）</h2>`;
  if (!shown) return `${heading}\n<p class="note">无。</p>`;
  const rows = list.items
    .map((ev, i) => {
      const progress = ev.lastActionName ? `${ev.lastActionName}${ev.lastNote ? `：${ev.lastNote}` : ''}` : '';
      const alarm = ev.light === 'red' || ev.overdue;
      return (
        `<tr><td class="c">${i + 1}</td><td class="c">${e(ev.serialNo)}</td><td>${e(ev.title)}</td><td class="c">${e(ev.typeName)}</td>` +
        `<td>${e([ev.place, ev.address].filter(Boolean).join(' '))}</td><td class="c">${e(chinaMinute(ev.reportedAt))}</td>` +
        `<td class="c">${e(ev.statusName)}</td><td class="c">${e(ev.tierName)}</td><td class="c${alarm ? ' red' : ''}">${e(ev.lightName)}${ev.overdue ? '·逾期' : ''}</td>` +
        `<td class="c">${ev.supervised ? '是' : ''}</td><td>${e(progress)}</td><td class="c">${e(chinaMinute(ev.lastActionAt))}</td></tr>`
      );
    })
    .join('\n');
  return `${heading}
<table>
<thead><tr><th>序号</th><th>编号</th><th>标题</th><th>类型</th><th>地点</th><th>上报时间</th><th>状态</th><th>层级</th><th>亮灯</th><th>督办</th><th>最新进展</th><th>进展时间</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

/** The notice as a printable page. */
export function renderBriefingHtml(content: BriefingContent): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(content.title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${e(content.title)}</h1>
<p class="meta">范围：${e(content.scope.name)}　统计期：${e(content.period.label)}　生成时间：${e(chinaMinute(content.generatedAt))}</p>
<p class="meta">环比：${e(content.previous.label)}　同比：${e(content.lastYear.label)}</p>
<h2>主要指标</h2>
${headlineTable(content)}
<p class="note">注：按上报日期统计本期受理的事项及其当前状态；比率分母为零时显示“—”；比率增减以百分点（pp）计。</p>
${content.lists.map(eventList).join('\n')}
${figureTable(content.byPlace)}
${rankings(content)}
${figureTable(content.byType)}
${villageClasses(content)}
</body>
</html>
`;
}
