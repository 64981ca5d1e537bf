/**
 * Yiwang's own lint rules, shown on what they flag and what they let pass — a rule that stops
 * flagging its case fails here, not silently in review.
 */
import { RuleTester } from 'eslint';
import { afterAll, describe, it } from 'vitest';
import tseslint from 'typescript-eslint';
import yiwang from './yiwang-rules.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
});
const rule = (name: keyof typeof yiwang.rules) => yiwang.rules[name] as never;
const lines = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');

tester.run('max-function-lines', rule('max-function-lines'), {
  valid: [
    { code: `function short() {\n${lines(100)}\n}`, options: [{ max: 120 }] },
    // a route table: each route is its own function
    { code: `export async function eventRoutes(app) {\n${lines(200)}\n}`, options: [{ max: 120 }] },
  ],
  invalid: [
    { code: `function long() {\n${lines(130)}\n}`, options: [{ max: 120 }], errors: [{ messageId: 'tooLong' }] },
    {
      code: `const handler = async () => {\n${lines(130)}\n};`,
      options: [{ max: 120 }],
      errors: [{ messageId: 'tooLong' }],
    },
  ],
});

tester.run('no-clock', rule('no-clock'), {
  valid: ['const at = new Date(ms);', 'const due = new Date(now.getTime() + 1000);'],
  invalid: [
    { code: 'const at = new Date();', errors: [{ messageId: 'clock' }] },
    { code: 'const at = Date.now();', errors: [{ messageId: 'clock' }] },
    { code: 'setTimeout(run, 10);', errors: [{ messageId: 'clock' }] },
  ],
});

tester.run('no-sql-outside-repositories', rule('no-sql-outside-repositories'), {
  valid: ['await repo.openEvents(scope);', 'await db.transaction().execute(run);'],
  invalid: [
    { code: "await db.selectFrom('events').selectAll().execute();", errors: [{ messageId: 'sql' }] },
    { code: "await trx.updateTable('events').set({ tier }).execute();", errors: [{ messageId: 'sql' }] },
    { code: 'await sql`UPDATE events SET light = 1`.execute(db);', errors: [{ messageId: 'sql' }] },
  ],
});

tester.run('web-imports-only-types-from-server', rule('web-imports-only-types-from-server'), {
  valid: [
    "import type { EventDetail } from '../../../server/events/event.schemas';",
    "import { type EventDetail } from '../../../server/events/event.schemas';",
    "import { countyOf } from '../../core/organisation/division-code';",
  ],
  invalid: [
    {
      code: "import { EventDetail } from '../../../server/events/event.schemas';",
      errors: [{ messageId: 'value' }],
    },
    { code: "import '../../server/app';", errors: [{ messageId: 'value' }] },
  ],
});
