/**
 * One event (事件详情): header, description and place, the deadlines with their lights, who holds
 * it, photos, the history as a timeline, and exactly the actions the API says this user may take
 * now — each opens its form (ActionModal); after one succeeds the page reloads. Live changes to
 * this event reload it too.
 */
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { Button, Card, Col, Descriptions, Empty, Image, List, Row, Space, Tag, Timeline, Typography } from 'antd';
import { EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { eventsApi, type EventAction, type EventDetail } from '../../api/events';
import { useApi } from '../../hooks/use-api';
import { useLiveEvents } from '../../api/live';
import { useT } from '../../i18n';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageSpinner } from '../../components/PageSpinner';
import { ActionModal } from './ActionModal';
import { chinaTime } from '../../lib/time';
import { LightDot, RISK_COLOURS, STATUS_KIND_COLOURS } from '../../components/event-marks';
import type { DeskLinkState } from './desk-query';

const LIGHT_TIMELINE: Record<string, string> = { green: 'green', yellow: 'orange', red: 'red' };

export default function EventDetailPage() {
  const { id } = useParams();
  const eventId = Number(id);
  return <EventDetailView eventId={eventId} />;
}

export function EventDetailView({ eventId }: { eventId: number }) {
  const t = useT();
  const [action, setAction] = useState<EventAction | null>(null);
  const { data, error, loading, reload } = useApi((signal) => eventsApi.detail(eventId, signal), [eventId]);
  useLiveEvents((message) => {
    if (message.kind === 'resync' || message.kind === 'bulk' || message.id === eventId) reload();
  });
  if (!data) return error ? <ApiErrorAlert error={error} onRetry={reload} /> : loading ? <PageSpinner /> : null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ApiErrorAlert error={error} onRetry={reload} />
      <Header detail={data} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Overview detail={data} />
            <Photos detail={data} />
            <History detail={data} />
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={t('desk.actions.title')} size="small" className="desk-actions">
              {data.availableActions.length ? (
                <Space wrap>
                  {data.availableActions.map((a) => (
                    <Button
                      key={a}
                      type={a === data.availableActions[0] ? 'primary' : 'default'}
                      onClick={() => setAction(a)}
                      data-action={a}
                    >
                      {t.dynamic(`desk.action.${a}`, a)}
                    </Button>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('desk.actions.none')}</Typography.Text>
              )}
            </Card>
            <Deadlines detail={data} />
            <Assignees detail={data} />
            <Contacts eventId={eventId} />
          </Space>
        </Col>
      </Row>
      <ActionModal
        eventId={eventId}
        version={data.event.version}
        action={action}
        onClose={() => setAction(null)}
        onDone={() => {
          setAction(null);
          reload();
        }}
      />
    </Space>
  );
}

/** Back to the list: the filtered page it was opened from (as the browser's back would), else the desk. */
function BackToList() {
  const t = useT();
  const navigate = useNavigate();
  const deskSearch = (useLocation().state as Partial<DeskLinkState> | null)?.deskSearch;
  return (
    <Link
      to={`/events${deskSearch ?? ''}`}
      onClick={(e) => {
        if (deskSearch === undefined || e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        void navigate(-1);
      }}
    >
      {t('desk.back')}
    </Link>
  );
}

function Header({ detail }: { detail: EventDetail }) {
  const t = useT();
  const e = detail.event;
  return (
    <Card size="small">
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap>
          <BackToList />
          <Typography.Text type="secondary" copyable>
            {e.serialNo}
          </Typography.Text>
        </Space>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {e.title}
        </Typography.Title>
        <Space wrap size="small">
          <Tag color={STATUS_KIND_COLOURS[e.statusKind]}>{t.dynamic(`status.${e.status}`, e.statusName)}</Tag>
          <Tag color={RISK_COLOURS[e.riskLevel]}>
            {t('desk.riskTag', { risk: t.dynamic(`risk.${e.riskLevel}`, e.riskLevelName) })}
          </Tag>
          {e.highRisk ? <Tag color="red">{t('desk.highRisk')}</Tag> : null}
          <LightDot light={e.light} />
          {e.tier ? <Tag>{t.dynamic(`tier.${e.tier}`, e.tierName ?? e.tier)}</Tag> : null}
          {e.suspended ? <Tag>{t('desk.suspended')}</Tag> : null}
        </Space>
      </Space>
    </Card>
  );
}

function Overview({ detail }: { detail: EventDetail }) {
  const t = useT();
  const e = detail.event;
  const place =
    [e.townName, e.villageName, e.gridName].filter(Boolean).join(' / ') || e.jurisdictionName || e.jurisdictionCode;
  return (
    <Card title={t('desk.detail.overview')} size="small">
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{e.description}</Typography.Paragraph>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label={t('desk.col.type')}>
          {t.dynamic(`eventType.${e.eventType}`, e.eventTypeName)}
          {e.categoryName ? ` · ${e.categoryName}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.detail.channel')}>
          {t.dynamic(`channel.${e.channel}`, e.channelName)}
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.col.place')}>{place}</Descriptions.Item>
        <Descriptions.Item label={t('desk.detail.address')}>{e.address ?? t('common.noValue')}</Descriptions.Item>
        <Descriptions.Item label={t('desk.detail.location')}>
          {e.location ? (
            <Space size="small" wrap>
              <span>
                {e.location.lng.toFixed(6)}, {e.location.lat.toFixed(6)}
              </span>
              <Link to={`/map?event=${e.id}`}>
                <EnvironmentOutlined /> {t('desk.detail.onMap')}
              </Link>
            </Space>
          ) : (
            t('common.noValue')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('desk.col.reportedAt')}>{chinaTime(e.reportedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('desk.detail.reporter')}>
          <ReporterIdentity detail={detail} />
        </Descriptions.Item>
        {e.dispatchReasonName ? (
          <Descriptions.Item label={t('desk.detail.dispatchReason')}>{e.dispatchReasonName}</Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}

/** The reporter, masked; 查看完整信息 asks the server for the clear values (allowed to handlers and supervisors, audited). */
function ReporterIdentity({ detail }: { detail: EventDetail }) {
  const t = useT();
  const e = detail.event;
  const [clear, setClear] = useState<{
    reporterName: string | null;
    reporterPhone: string | null;
    reporterIdNumber: string | null;
  } | null>(null);
  const [refused, setRefused] = useState(false);
  const shown = clear ?? e;
  const text = [shown.reporterName, shown.reporterPhone, shown.reporterIdNumber].filter(Boolean).join(' · ');
  const masked = !clear && [e.reporterPhone, e.reporterIdNumber].some((v) => v?.includes('*'));
  return (
    <Space wrap>
      {e.reporterAnonymous ? <Tag>{t('desk.detail.anonymous')}</Tag> : null}
      <span>{text || (e.reporterAnonymous ? null : t('common.noValue'))}</span>
      {(masked || (e.reporterAnonymous && !text)) && !refused ? (
        <Button
          size="small"
          onClick={() => {
            eventsApi.unmaskReporter(e.id).then(setClear, () => setRefused(true));
          }}
        >
          {t('desk.detail.unmask')}
        </Button>
      ) : null}
      {refused ? <Typography.Text type="secondary">{t('desk.detail.unmaskRefused')}</Typography.Text> : null}
    </Space>
  );
}

function Photos({ detail }: { detail: EventDetail }) {
  const t = useT();
  const images = detail.attachments.filter((a) => a.mimeType.startsWith('image/'));
  const others = detail.attachments.filter((a) => !a.mimeType.startsWith('image/'));
  if (!detail.attachments.length) return null;
  return (
    <Card title={t('desk.detail.photos', { count: detail.attachments.length })} size="small">
      <Image.PreviewGroup>
        <Space wrap>
          {images.map((a) => (
            <Image
              key={a.id}
              src={a.url}
              alt={a.name ?? a.id}
              width={104}
              height={104}
              style={{ objectFit: 'cover' }}
            />
          ))}
        </Space>
      </Image.PreviewGroup>
      {others.map((a) => (
        <div key={a.id}>
          <a href={a.url} target="_blank" rel="noreferrer">
            {a.name ?? a.id}
          </a>
        </div>
      ))}
    </Card>
  );
}

function History({ detail }: { detail: EventDetail }) {
  const t = useT();
  const byId = new Map(detail.attachments.map((a) => [a.id, a]));
  return (
    <Card title={t('desk.detail.history')} size="small">
      {detail.history.length ? (
        <Timeline
          items={detail.history.map((h) => ({
            key: h.id,
            content: (
              <div className="desk-history-entry">
                <Space wrap size="small">
                  <Typography.Text strong>{t.dynamic(`desk.action.${h.action}`, h.action)}</Typography.Text>
                  <Typography.Text type="secondary">{chinaTime(h.at)}</Typography.Text>
                  <span>
                    {h.actor.name ??
                      (h.actor.role ? t.dynamic(`role.${h.actor.role}`, h.actor.role) : t('desk.detail.system'))}
                  </span>
                  {h.toStatus && h.toStatus !== h.fromStatus ? (
                    <Tag>{t.dynamic(`status.${h.toStatus}`, h.toStatus)}</Tag>
                  ) : null}
                </Space>
                {h.note ? (
                  <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>
                    {h.note}
                  </Typography.Paragraph>
                ) : null}
                {h.attachmentIds?.length ? (
                  // the evidence that came with this step (also among all the event's photos above)
                  <Space wrap size={4} className="desk-history-attachments" style={{ marginTop: 4 }}>
                    {h.attachmentIds
                      .map((id) => byId.get(id))
                      .map((a) =>
                        !a ? null : a.mimeType.startsWith('image/') ? (
                          <Image
                            key={a.id}
                            src={a.url}
                            alt={a.name ?? a.id}
                            width={56}
                            height={56}
                            style={{ objectFit: 'cover' }}
                          />
                        ) : (
                          <a key={a.id} href={a.url} target="_blank" rel="noreferrer">
                            {a.name ?? a.id}
                          </a>
                        ),
                      )}
                  </Space>
                ) : null}
              </div>
            ),
          }))}
        />
      ) : (
        <Empty description={t('common.empty')} />
      )}
    </Card>
  );
}

function Deadlines({ detail }: { detail: EventDetail }) {
  const t = useT();
  const pending = detail.extensionRequests.filter((x) => x.status === 'pending');
  return (
    <Card title={t('desk.detail.deadlines')} size="small">
      {detail.deadlines.length ? (
        <Timeline
          items={detail.deadlines.map((c) => ({
            key: c.id,
            color: c.completedAt ? 'gray' : (LIGHT_TIMELINE[c.light] ?? 'blue'),
            content: (
              <div className="desk-deadline">
                <Space wrap size="small">
                  <Typography.Text strong>{t.dynamic(`desk.step.${c.step}`, c.step)}</Typography.Text>
                  {c.completedAt ? <Tag>{t('desk.detail.clockDone')}</Tag> : <LightDot light={c.light} />}
                  {c.paused ? <Tag>{t('desk.suspended')}</Tag> : null}
                </Space>
                <div>
                  <Typography.Text type="secondary">
                    {t('desk.detail.dueAt', { time: chinaTime(c.dueAt) })}
                  </Typography.Text>
                </div>
              </div>
            ),
          }))}
        />
      ) : (
        <Typography.Text type="secondary">{t('desk.detail.noDeadlines')}</Typography.Text>
      )}
      {pending.map((x) => (
        <Typography.Paragraph key={x.id} type="warning" style={{ marginBottom: 0 }}>
          {t('desk.detail.extensionPending', {
            name: x.requestedBy.name ?? '',
            time: chinaTime(x.requestedDueAt),
            reason: x.reason,
          })}
        </Typography.Paragraph>
      ))}
    </Card>
  );
}

function Assignees({ detail }: { detail: EventDetail }) {
  const t = useT();
  const active = detail.assignments.filter((a) => a.active);
  return (
    <Card title={t('desk.detail.assignees')} size="small">
      <List
        size="small"
        dataSource={active}
        locale={{ emptyText: t('desk.detail.noAssignees') }}
        renderItem={(a) => (
          <List.Item>
            <Space wrap size="small">
              <span>
                {a.person?.name ?? a.department?.name ?? a.centre?.name ?? a.centre?.code ?? t('common.noValue')}
              </span>
              <Tag>{t.dynamic(`desk.assignmentRole.${a.assignmentRole}`, a.assignmentRole)}</Tag>
              {a.person?.role ? (
                <Typography.Text type="secondary">{t.dynamic(`role.${a.person.role}`, a.person.role)}</Typography.Text>
              ) : null}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** 一键拨号: quiet when the user may not see contacts (citizens, 403). */
function Contacts({ eventId }: { eventId: number }) {
  const t = useT();
  const { data } = useApi((signal) => eventsApi.contacts(eventId, signal).catch(() => ({ items: [] })), [eventId]);
  const items = (data?.items ?? []).filter((c) => c.tel);
  if (!items.length) return null;
  return (
    <Card title={t('desk.detail.contacts')} size="small">
      <List
        size="small"
        dataSource={items}
        renderItem={(c) => (
          <List.Item
            actions={[
              <a key="call" href={c.tel!}>
                <PhoneOutlined /> {t('desk.detail.call')}
              </a>,
            ]}
          >
            <Space size="small">
              <span>{c.name}</span>
              {c.role ? (
                <Typography.Text type="secondary">{t.dynamic(`role.${c.role}`, c.role)}</Typography.Text>
              ) : null}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
