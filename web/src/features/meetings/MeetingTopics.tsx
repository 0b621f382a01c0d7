/** A meeting's topics: proposed at the desk or from the appeals of its place, then decided, deferred or dropped. */
import { useState } from 'react';
import { App, Button, Card, Input, List, Space, Tag, Typography } from 'antd';
import { errorText } from '../../app/api';
import { useI18n } from '../../app/i18n';
import type { MeetingDetail } from '../../app/contract';
import { useAdvanceTopic, useAppealTopics, useDecideTopic, useProposeTopic } from './api';

export function Topics({ m, canWrite }: { m: MeetingDetail; canWrite: boolean }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const propose = useProposeTopic(m.id);
  const decide = useDecideTopic();
  const [title, setTitle] = useState('');
  const [showAppeals, setShowAppeals] = useState(false);
  const suggestions = useAppealTopics(m.id, showAppeals);
  const add = async (body: { title: string; categoryCode?: string }) => {
    try {
      await propose.mutateAsync(body);
      setTitle('');
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const decline = (id: string) => {
    let reason = '';
    modal.confirm({
      title: t('meetings:why-the-topic-is-declined'),
      content: <Input.TextArea rows={2} onChange={(e) => (reason = e.target.value)} />,
      onOk: () => decide.mutateAsync({ id, accept: false, reason }).catch((e) => message.error(errorText(e))),
    });
  };
  const advanceTopic = useAdvanceTopic();
  const stageNames: Record<string, string> = { collected: t('meetings:collected'), researched: t('meetings:researched'), consulted: t('meetings:consulted'), concluded: t('meetings:concluded') };
  const nextStage: Record<string, 'researched' | 'consulted' | 'concluded' | undefined> = { collected: 'researched', researched: 'consulted', consulted: 'concluded' };
  const advance = (id: string, stage: 'researched' | 'consulted' | 'concluded') => {
    let text = '';
    if (stage === 'consulted') {
      advanceTopic.mutate({ id, stage }, { onError: (e) => message.error(errorText(e)) });
      return;
    }
    modal.confirm({
      title: stage === 'researched' ? t('meetings:research-report') : t('meetings:outcome-of-the-consultation'),
      content: <Input.TextArea rows={4} onChange={(e) => (text = e.target.value)} />,
      onOk: () => advanceTopic.mutateAsync({ id, stage, text }).catch((e) => message.error(errorText(e))),
    });
  };
  const sourceTag = (s: string) =>
    s === 'appeals' ? <Tag color="purple">{t('meetings:from-appeals')}</Tag> : s === 'resident' ? <Tag color="cyan">{t('meetings:resident')}</Tag> : s === 'visit' ? <Tag color="cyan">{t('meetings:at-the-door')}</Tag> : null;
  return (
    <Card size="small" title={t('meetings:topics')} style={{ marginBottom: 16 }}>
      <List
        size="small"
        dataSource={m.topics}
        locale={{ emptyText: t('meetings:no-topics-yet') }}
        renderItem={(tp) => (
          <List.Item
            actions={
              canWrite && tp.status === 'proposed'
                ? [
                    <a key="a" onClick={() => decide.mutate({ id: tp.id, accept: true }, { onError: (e) => message.error(errorText(e)) })}>
                      {t('meetings:accept')}
                    </a>,
                    <a key="d" onClick={() => decline(tp.id)}>
                      {t('meetings:decline')}
                    </a>,
                  ]
                : [<Tag key="s" color={tp.status === 'accepted' ? 'green' : 'default'}>{tp.status === 'accepted' ? t('meetings:accepted') : t('meetings:declined')}</Tag>]
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  {tp.title}
                  {sourceTag(tp.source)}
                  {tp.proposerName && <Typography.Text type="secondary">{t('meetings:proposed-by')}{tp.proposerName}</Typography.Text>}
                  {m.kindCode === 'cppcc' && <Tag color="geekblue">{stageNames[tp.stage] ?? tp.stage}</Tag>}
                  {m.kindCode === 'cppcc' && canWrite && nextStage[tp.stage] && tp.status !== 'declined' && (
                    <a onClick={() => advance(tp.id, nextStage[tp.stage]!)} data-testid={`topic-advance-${tp.id}`}>
                      {t('meetings:move-on')}
                    </a>
                  )}
                </Space>
              }
              description={tp.outcome ?? tp.researchReport ?? tp.reason ?? tp.detail}
            />
          </List.Item>
        )}
      />
      {canWrite && (
        <>
          <Space.Compact style={{ width: '100%', marginTop: 8 }}>
            <Input value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('meetings:be-concrete-e-g-3-hazardous-trees-before')} data-testid="topic-title" />
            <Button disabled={!title.trim()} onClick={() => add({ title: title.trim() })} data-testid="topic-add">
              {t('meetings:propose')}
            </Button>
          </Space.Compact>
          <Button type="link" onClick={() => setShowAppeals((v) => !v)} style={{ paddingLeft: 0 }}>
            {t('meetings:draw-a-topic-from-the-open-appeals-here')}
          </Button>
          {showAppeals && (
            <List
              size="small"
              dataSource={suggestions.data ?? []}
              loading={suggestions.isFetching}
              locale={{ emptyText: t('meetings:no-open-appeals-here') }}
              renderItem={(s) => (
                <List.Item actions={[<a key="add" onClick={() => add({ title: s.name, categoryCode: s.categoryCode })}>{t('meetings:make-it-a-topic')}</a>]}>
                  {t('meetings:name-open-open', { name: s.name, open: s.open })}
                </List.Item>
              )}
            />
          )}
        </>
      )}
    </Card>
  );
}
