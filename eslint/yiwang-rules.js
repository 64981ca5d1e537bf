// Yiwang's own lint rules: the architecture's boundaries that no published rule states as we mean them.
// Each rule has a test (eslint/yiwang-rules.test.ts) that shows what it flags and what it lets pass.

const SQL_BUILDERS = new Set(['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto']);

/** The name a function goes by: its own, or the variable, property or method it is assigned to. */
function functionName(node) {
  if (node.id?.name) return node.id.name;
  const parent = node.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent?.type === 'Property' || parent?.type === 'MethodDefinition') && parent.key.type === 'Identifier')
    return parent.key.name;
  return null;
}

const maxFunctionLines = {
  meta: {
    type: 'suggestion',
    docs: {
      description:
        'No function over `max` lines. A function that registers routes (`…Routes`) is a table of routes, each route its own function, and is not counted as one.',
    },
    schema: [{ type: 'object', properties: { max: { type: 'integer' } }, additionalProperties: false }],
    messages: { tooLong: '{{name}} has {{lines}} lines (max {{max}}): split it into functions that say what they do' },
  },
  create(context) {
    const max = context.options[0]?.max ?? 120;
    const check = (node) => {
      const name = functionName(node);
      if (name && /Routes$/.test(name)) return;
      const lines = node.loc.end.line - node.loc.start.line + 1;
      if (lines > max)
        context.report({ node, messageId: 'tooLong', data: { name: name ?? 'this function', lines, max } });
    };
    return { FunctionDeclaration: check, FunctionExpression: check, ArrowFunctionExpression: check };
  },
};

const noClock = {
  meta: {
    type: 'problem',
    docs: {
      description: 'The core reads no clock: the time is passed in (`now`), so every rule is testable at any instant.',
    },
    schema: [],
    messages: { clock: '{{what}} reads the clock: take the time as a parameter' },
  },
  create(context) {
    return {
      NewExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'Date' && node.arguments.length === 0)
          context.report({ node, messageId: 'clock', data: { what: 'new Date()' } });
      },
      CallExpression(node) {
        const c = node.callee;
        if (c.type === 'MemberExpression' && c.object.type === 'Identifier' && c.property.type === 'Identifier') {
          const what = `${c.object.name}.${c.property.name}`;
          if (what === 'Date.now' || what === 'performance.now')
            context.report({ node, messageId: 'clock', data: { what } });
        }
        if (c.type === 'Identifier' && ['setTimeout', 'setInterval', 'setImmediate'].includes(c.name))
          context.report({ node, messageId: 'clock', data: { what: c.name } });
      },
    };
  },
};

const noSqlOutsideRepositories = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Queries are built only in `*.repository.ts` (and migrations, the schema and the database adapters).',
    },
    schema: [],
    messages: { sql: '{{what}} builds a query outside a repository: add a repository method' },
  },
  create(context) {
    return {
      CallExpression(node) {
        const c = node.callee;
        if (c.type === 'MemberExpression' && c.property.type === 'Identifier' && SQL_BUILDERS.has(c.property.name))
          context.report({ node, messageId: 'sql', data: { what: `.${c.property.name}()` } });
      },
      TaggedTemplateExpression(node) {
        const tag = node.tag;
        const name =
          tag.type === 'Identifier'
            ? tag.name
            : tag.type === 'MemberExpression' && tag.object.type === 'Identifier'
              ? tag.object.name
              : null;
        if (name === 'sql') context.report({ node, messageId: 'sql', data: { what: 'sql`…`' } });
      },
    };
  },
};

const webImportsOnlyTypesFromServer = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'The web app reaches the server over HTTP only: from server/ it imports types (the contract), never code that would be bundled.',
    },
    schema: [],
    messages: { value: 'the web app may import only types from server/ (use `import type`)' },
  },
  create(context) {
    return {
      ImportDeclaration(node) {
        if (!/(^|\/)server\//.test(node.source.value)) return;
        if (node.importKind === 'type') return;
        const values = node.specifiers.filter((s) => s.type !== 'ImportSpecifier' || s.importKind !== 'type');
        if (values.length > 0 || node.specifiers.length === 0) context.report({ node, messageId: 'value' });
      },
      ExportNamedDeclaration(node) {
        if (node.source && /(^|\/)server\//.test(node.source.value) && node.exportKind !== 'type')
          context.report({ node, messageId: 'value' });
      },
    };
  },
};

export default {
  meta: { name: 'yiwang' },
  rules: {
    'max-function-lines': maxFunctionLines,
    'no-clock': noClock,
    'no-sql-outside-repositories': noSqlOutsideRepositories,
    'web-imports-only-types-from-server': webImportsOnlyTypesFromServer,
  },
};
