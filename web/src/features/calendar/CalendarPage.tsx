import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Calendar, Card, Col, DatePicker, Flex, Input, Popconfirm, Row, Segmented, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { errorText } from '../../app/api';
import { chinaToday } from '../../app/format';
import { hasAnyRole, useUser } from '../../app/auth';
import { LoadError, PageHeader } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { ListPage } from '../../app/list/ListPage';
import type { CalendarDay } from '../../app/contract';
import { useCalendarYear, useSaveCalendarYear } from './api';

const KIND_COLORS = { holiday: 'red', workday: 'blue' } as const;

function sorted(days: CalendarDay[]): CalendarDay[] {
  return [...days].sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * 工作日历: the year's public holidays and the weekend days that are working days (调休). Time limits
 * count working time on this calendar, so a missing 调休 day makes deadlines a day late.
 */
export default function CalendarPage() {
  const user = useUser();
  const { t } = useI18n();
  const { message } = App.useApp();
  const canEdit = hasAnyRole(user, ['admin']);
  const [year, setYear] = useState(() => chinaToday().year());
  const [month, setMonth] = useState<Dayjs>(() => chinaToday().startOf('month'));
  const calendar = useCalendarYear(year);
  const save = useSaveCalendarYear();
  const [draft, setDraft] = useState<CalendarDay[] | null>(null);
  const [adding, setAdding] = useState<{ date: Dayjs | null; kind: CalendarDay['kind']; name: string }>({ date: null, kind: 'holiday', name: '' });

  useEffect(() => setDraft(null), [year]);
  const days = useMemo(() => draft ?? calendar.data ?? [], [draft, calendar.data]);
  const byDate = useMemo(() => new Map(days.map((d) => [d.date, d])), [days]);
  const dirty = draft !== null;
  const weekday = (date: string) => dayjs(date).format('ddd');
  const holidays = days.filter((d) => d.kind === 'holiday').length;
  const workdays = days.filter((d) => d.kind === 'workday').length;

  const edit = (next: CalendarDay[]) => setDraft(sorted(next));
  const setDay = (date: string, patch: Partial<CalendarDay>) => edit(days.map((d) => (d.date === date ? { ...d, ...patch } : d)));
  const remove = (date: string) => edit(days.filter((d) => d.date !== date));
  const add = () => {
    if (!adding.date) return;
    const date = adding.date.format('YYYY-MM-DD');
    const name = adding.name.trim() || (adding.kind === 'holiday' ? t('calendar:holiday-2') : t('calendar:working-weekend'));
    edit([...days.filter((d) => d.date !== date), { date, kind: adding.kind, name }]);
    setAdding({ date: null, kind: adding.kind, name: adding.name });
  };

  const onSave = async () => {
    if (!draft) return;
    const bad = draft.find((d) => !d.name.trim());
    if (bad) {
      message.error(t('calendar:date-has-no-name', { date: bad.date }));
      return;
    }
    try {
      await save.mutateAsync({ year, days: draft.map((d) => ({ ...d, name: d.name.trim() })) });
      setDraft(null);
      message.success(t('calendar:year-saved-new-deadlines-use-it', { year }));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const years = Array.from({ length: 5 }, (_, i) => dayjs().year() - 1 + i);

  return (
    <>
      <PageHeader
        title={t('common:working-calendar')}
        subtitle={t('calendar:public-holidays-and-working-weekends-time-limits')}
        extra={
          canEdit && (
            <>
              <Button icon={<UndoOutlined />} disabled={!dirty} onClick={() => setDraft(null)}>
                {t('calendar:discard')}
              </Button>
              <Button type="primary" icon={<SaveOutlined />} disabled={!dirty} loading={save.isPending} onClick={() => void onSave()} data-testid="calendar-save">
                {t('calendar:save')}
              </Button>
            </>
          )
        }
      />
      {calendar.isError && <LoadError error={calendar.error} onRetry={() => void calendar.refetch()} />}
      <Flex gap={12} align="center" wrap style={{ marginBottom: 16 }}>
        <Segmented<number>
          value={year}
          onChange={(y) => {
            setYear(y);
            setMonth(dayjs(`${y}-01-01`));
          }}
          options={years.map((y) => ({ value: y, label: String(y) }))}
          data-testid="calendar-year"
        />
        <Typography.Text type="secondary">
          {t('calendar:holidays-holidays-workdays-working-weekends', { holidays, workdays })}
        </Typography.Text>
        {dirty && <Tag color="orange">{t('calendar:unsaved-changes')}</Tag>}
      </Flex>
      {calendar.data && calendar.data.length > 0 && workdays === 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('calendar:year-has-statutory-holidays-only-once-the-state', { year })}
        />
      )}
      {calendar.data && calendar.data.length === 0 && !dirty && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('calendar:year-has-no-calendar-yet-only-weekends-count-as', { year })}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small">
            <Calendar
              fullscreen={false}
              value={month}
              validRange={[dayjs(`${year}-01-01`), dayjs(`${year}-12-31`)]}
              onPanelChange={(d) => setMonth(d)}
              onSelect={(d, info) => {
                if (info.source === 'date') {
                  setMonth(d);
                  if (canEdit) setAdding((a) => ({ ...a, date: d }));
                }
              }}
              fullCellRender={(d, info) => {
                if (info.type !== 'date') return info.originNode;
                const day = byDate.get(d.format('YYYY-MM-DD'));
                const weekend = d.day() === 0 || d.day() === 6;
                const off = day ? day.kind === 'holiday' : weekend;
                const cell = (
                  <div
                    className="ant-picker-cell-inner"
                    style={{
                      position: 'relative',
                      color: d.month() !== month.month() ? undefined : off ? '#cf1322' : undefined,
                      fontWeight: day ? 600 : undefined,
                    }}
                  >
                    {d.date()}
                    {day && (
                      <span style={{ position: 'absolute', top: -6, right: -8, fontSize: 10, color: day.kind === 'holiday' ? '#cf1322' : '#1d4ed8' }}>
                        {day.kind === 'holiday' ? t('calendar:off') : t('calendar:work')}
                      </span>
                    )}
                  </div>
                );
                return day ? <Tooltip title={day.name}>{cell}</Tooltip> : cell;
              }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('calendar:year-holidays-and-working-weekends', { year })}>
            {canEdit && (
              <Space.Compact block style={{ marginBottom: 12 }}>
                <DatePicker
                  value={adding.date}
                  onChange={(d) => setAdding((a) => ({ ...a, date: d }))}
                  minDate={dayjs(`${year}-01-01`)}
                  maxDate={dayjs(`${year}-12-31`)}
                  placeholder={t('calendar:date')}
                  style={{ width: '32%' }}
                  data-testid="calendar-add-date"
                />
                <Select<CalendarDay['kind']>
                  value={adding.kind}
                  onChange={(kind) => setAdding((a) => ({ ...a, kind }))}
                  options={[
                    { value: 'holiday', label: t('calendar:holiday') },
                    { value: 'workday', label: t('calendar:working-day') },
                  ]}
                  style={{ width: '24%' }}
                />
                <Input value={adding.name} onChange={(e) => setAdding((a) => ({ ...a, name: e.target.value }))} maxLength={40} placeholder={t('calendar:name-e-g')} style={{ width: '30%' }} />
                <Button icon={<PlusOutlined />} disabled={!adding.date} onClick={add} style={{ width: '14%' }} data-testid="calendar-add">
                  {t('calendar:add')}
                </Button>
              </Space.Compact>
            )}
            {/* A load error shows above the page: the calendar beside the list needs the same days. */}
            <ListPage<CalendarDay, object>
              listId="calendar"
              rowKey="date"
              size="small"
              data={{ items: days, loading: calendar.isFetching }}
              localPageSize={false}
              columnSettings={false}
              scroll={{ y: 460 }}
              testId="calendar-table"
              onRowClick={(d) => setMonth(dayjs(d.date))}
              empty={{
                title: t('calendar:no-holidays-or-working-weekends-in-year-yet', { year }),
                hint: canEdit ? t('calendar:choose-a-date-kind-and-name-above-then-add') : t('calendar:the-working-calendar-is-maintained-by-the'),
              }}
              columns={[
                { title: t('calendar:date'), dataIndex: 'date', width: 110 },
                { title: t('calendar:day'), dataIndex: 'date', key: 'weekday', width: 70, render: weekday },
                {
                  title: t('calendar:kind'),
                  dataIndex: 'kind',
                  width: 120,
                  render: (k: CalendarDay['kind'], d) =>
                    canEdit ? (
                      <Select<CalendarDay['kind']>
                        size="small"
                        value={k}
                        onChange={(kind) => setDay(d.date, { kind })}
                        options={[
                          { value: 'holiday', label: t('calendar:holiday') },
                          { value: 'workday', label: t('calendar:working-day') },
                        ]}
                        style={{ width: 104 }}
                      />
                    ) : (
                      <Tag color={KIND_COLORS[k]}>{k === 'holiday' ? t('calendar:holiday') : t('calendar:working-day')}</Tag>
                    ),
                },
                {
                  title: t('calendar:name'),
                  dataIndex: 'name',
                  render: (n: string, d) => (canEdit ? <Input size="small" value={n} maxLength={40} onChange={(e) => setDay(d.date, { name: e.target.value })} /> : n),
                },
                ...(canEdit
                  ? [
                      {
                        title: '',
                        key: 'remove',
                        width: 48,
                        render: (_: unknown, d: CalendarDay) => (
                          <Popconfirm title={t('calendar:remove-date', { date: d.date })} onConfirm={() => remove(d.date)}>
                            <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('calendar:remove')} />
                          </Popconfirm>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
