/**
 * One home for each small rule: a guard that fails when a copy of one comes back. Each rule below
 * is written once (its home) and used everywhere else by name; the source of core/, server/, cli/,
 * bench/ and web/src is searched for the inline form.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const AREAS = ['core', 'server', 'cli', 'bench', 'web/src'];

function sources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(entry.name))
        out.push({ file: path.relative(ROOT, full), text: fs.readFileSync(full, 'utf8') });
    }
  };
  for (const area of AREAS) walk(path.join(ROOT, area));
  return out;
}

const RULES: { rule: string; home: string; pattern: RegExp }[] = [
  // 统计用区划代码: the county and the town of a code (core/organisation/division-code.ts)
  {
    rule: 'the county of a code (countyOf)',
    home: 'core/organisation/division-code.ts',
    pattern: /slice\(0,\s*6\)\s*\+\s*'000000'/,
  },
  {
    rule: 'the town of a code (townOf)',
    home: 'core/organisation/division-code.ts',
    pattern: /slice\(0,\s*9\)\s*\+\s*'000'/,
  },
  // 红黄绿灯: the light and the outcome of a clock (core/deadlines/traffic-light.ts, its SQL in deadline.repository.ts)
  {
    rule: 'a clock’s light in SQL (lightSql)',
    home: 'server/deadlines/deadline.repository.ts',
    pattern: /THEN 'red' WHEN warn_at/,
  },
  {
    rule: 'a clock’s outcome in SQL (outcomeSql)',
    home: 'server/deadlines/deadline.repository.ts',
    pattern: /due_at [^']*THEN 'on_time'/,
  },
  // 北京时间: the offset of China time (core/time/china-time.ts; the web app imports it from there)
  {
    rule: 'China time’s offset (CHINA_OFFSET_MS)',
    home: 'core/time/china-time.ts',
    pattern: /\b8 \* (3_?600_?000|60 \* 60_?000)\b/,
  },
  // 通知对象: who a notice is for — a centre's operators, a department's staff (server/notify/recipients.ts)
  {
    rule: 'who a notice is for (RecipientDirectory / resolveRecipients)',
    home: 'server/notify/recipients.ts',
    // (the demo generator's in-memory county has a map of its own, not the database's people)
    pattern: /\b(org|organisation|repo)\.(centreOperators|centresOperators|departmentStaff)\(/,
  },
  // a download's name (Content-Disposition, RFC 6266/5987)
  {
    rule: 'a download’s name (attachmentDisposition)',
    home: 'server/http/content-disposition.ts',
    pattern: /filename\*=UTF-8''/,
  },
];

describe('one home for each small rule', () => {
  // tests may spell a rule out to check it; the guard is about the code that runs
  const files = sources().filter((f) => !/\.test\.tsx?$/.test(f.file));
  for (const { rule, home, pattern } of RULES) {
    it(`writes ${rule} only in ${home}`, () => {
      const copies = files.filter((f) => f.file !== home && pattern.test(f.text)).map((f) => f.file);
      expect(copies, `${rule}: use the function in ${home} instead`).toEqual([]);
      expect(files.find((f) => f.file === home)?.text).toMatch(pattern);
    });
  }
});
