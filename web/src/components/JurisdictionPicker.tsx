/**
 * 辖区选择: a place within the user's own jurisdiction (town → village → grid) as a tree that loads
 * each level when it is opened (GET /api/jurisdictions, then /api/jurisdictions/:code). A code
 * given from outside (the address) has its ancestors' levels loaded, so the picker shows its name
 * in place. The server still decides: a code outside the user's scope is refused (OUT_OF_SCOPE).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { TreeSelect } from 'antd';
import { isWithin, parentCodeOf } from '../../../core/organisation/division-code';
import { eventsApi, type JurisdictionNode } from '../api/events';
import { useT } from '../i18n';

interface TreeNode {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

const nodeOf = (n: JurisdictionNode, parent: string): TreeNode => ({
  id: n.code,
  pId: parent,
  value: n.code,
  title: n.name,
  isLeaf: n.childCount === 0,
});

/** The codes between `root` (exclusive) and `code` (exclusive), top down: the levels to load to show `code`. */
export function ancestorsBelow(code: string, root: string): string[] {
  const chain: string[] = [];
  for (let c = parentCodeOf(code); c && c !== root && isWithin(c, root); c = parentCodeOf(c)) chain.unshift(c);
  return chain;
}

export function JurisdictionPicker({ value, onChange }: { value?: string; onChange(code: string | undefined): void }) {
  const t = useT();
  const [nodes, setNodes] = useState<TreeNode[]>([]);
  const [root, setRoot] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);
  // which codes' children are in `nodes` (or on their way)
  const loaded = useRef(new Map<string, Promise<void>>());

  /** Loads a level's children once (again after a failure); never rejects. */
  const loadChildren = useCallback((code: string): Promise<void> => {
    let pending = loaded.current.get(code);
    if (!pending) {
      pending = eventsApi.jurisdictionChildren(code).then(
        (children) =>
          setNodes((before) => [
            ...before.filter((n) => !children.some((c) => c.code === n.id)),
            ...children.map((c) => nodeOf(c, code)),
          ]),
        () => {
          loaded.current.delete(code); // try again on the next opening
        },
      );
      loaded.current.set(code, pending);
    }
    return pending;
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    eventsApi.jurisdictionRoot(controller.signal).then(
      ({ root: top, children }) => {
        if (!top) return;
        loaded.current.set(top.code, Promise.resolve());
        setRoot(top.code);
        setExpanded([top.code]);
        setNodes([
          { id: top.code, pId: null, value: top.code, title: top.name, isLeaf: children.length === 0 },
          ...children.map((c) => nodeOf(c, top.code)),
        ]);
      },
      () => {
        // no tree (an error, or a role without one): the picker stays empty; the list still filters by the code
      },
    );
    return () => controller.abort();
  }, []);

  // a code from the address: load the levels above it, top down, so it shows by name
  useEffect(() => {
    if (!root || !value || value === root || !isWithin(value, root)) return;
    let cancelled = false;
    // loadChildren never rejects (a failed level is tried again when opened), so there is nothing to catch
    void (async () => {
      const chain = ancestorsBelow(value, root);
      for (const code of chain) {
        if (cancelled) return;
        await loadChildren(code);
      }
      if (!cancelled) setExpanded((before) => [...new Set([...before, ...chain])]);
    })();
    return () => {
      cancelled = true;
    };
  }, [root, value, loadChildren]);

  return (
    <TreeSelect<string>
      allowClear
      showSearch={{ treeNodeFilterProp: 'title' }}
      style={{ minWidth: 200 }}
      popupMatchSelectWidth={280}
      placeholder={t('desk.filter.jurisdiction')}
      aria-label={t('desk.filter.jurisdiction')}
      treeDataSimpleMode
      treeData={nodes}
      treeExpandedKeys={expanded}
      onTreeExpand={(keys) => setExpanded(keys.map(String))}
      loadData={(node) => loadChildren(String(node.value))}
      virtual={false}
      value={value}
      onChange={(code) => onChange(code || undefined)}
      className="desk-jurisdiction"
    />
  );
}
