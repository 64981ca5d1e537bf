/**
 * A full-page message with an optional action — for "not found", "coming soon" and the like.
 * (Ant Design's Result would do, but it bundles its large illustrations into the first load.)
 */
import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

export function Notice({
  icon,
  title,
  children,
  action,
}: {
  icon?: ReactNode;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Flex vertical align="center" justify="center" gap={8} style={{ minHeight: 320, textAlign: 'center', padding: 24 }}>
      {icon && <div style={{ fontSize: 48, color: '#1f5fbf' }}>{icon}</div>}
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {children && <Typography.Text type="secondary">{children}</Typography.Text>}
      {action && <div style={{ marginTop: 12 }}>{action}</div>}
    </Flex>
  );
}
