/** 今日计划: today's households, grouped by visiting window (错时听诉), with what is done so far. */
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button } from 'antd-mobile';
import type { PlanItem, VisitWindow } from '../../app/contract';
import { errorHint, errorText } from './api';
import { catalog as makeCatalog } from './catalog';
import { chinaClock, chinaToday, dayText } from './labels';
import { PlanItemCard } from './PlanItemCard';
import { refreshPackage } from './data';
import { ownQueue, useWorker } from './state';
import { SwapPopup } from './SwapPopup';

interface Group {
  window: VisitWindow | null;
  code: string;
  items: PlanItem[];
}

function groupByWindow(items: PlanItem[], windows: VisitWindow[]): Group[] {
  const groups: Group[] = windows.map((w) => ({ window: w, code: w.code, items: items.filter((i) => i.window === w.code) }));
  const known = new Set(windows.map((w) => w.code));
  const rest = items.filter((i) => !known.has(i.window));
  if (rest.length) groups.push({ window: null, code: 'other', items: rest });
  return groups.filter((g) => g.items.length);
}

export default function PlanPage() {
  const s = useWorker();
  const [swapping, setSwapping] = useState<PlanItem | null>(null);
  const catalog = useMemo(() => makeCatalog(s.pkg, s.tags, s.vocabulary), [s.pkg, s.tags, s.vocabulary]);
  const pkg = s.pkg;

  if (!pkg) {
    return (
      <div className="m-card" data-testid="plan-empty">
        {s.loadingPackage ? (
          <p>正在下载今天的走访计划…</p>
        ) : (
          <>
            <h2 className="m-card-title">还没有今天的走访计划</h2>
            {s.online ? (
              <p>计划没有下载成功{s.packageError ? `：${errorText(s.packageError)}` : ''}。{errorHint(s.packageError)}</p>
            ) : (
              <p>这台手机还没下载过计划。请连上网络打开本页，计划会自动下载；之后没有信号也能照常走访登记。</p>
            )}
            <Button color="primary" disabled={!s.online} onClick={() => void refreshPackage()} data-testid="plan-download">
              {s.online ? '重新下载' : '等待网络…'}
            </Button>
          </>
        )}
      </div>
    );
  }

  const plan = pkg.plan;
  const today = chinaToday();
  const clock = chinaClock();
  const mine = ownQueue(s);
  const conflicts = mine.filter((q) => q.state === 'conflict').length;
  const failed = mine.filter((q) => q.state === 'failed').length;
  const notices = mine.filter((q) => q.state === 'notice').length;
  const groups = groupByWindow(plan.items, pkg.settings.windows);
  const todo = plan.counts.planned - plan.counts.visited - plan.counts.nobodyHome;

  return (
    <div data-testid="plan-page">
      <section className="m-card w-summary">
        <div className="w-summary-head">
          <div>
            <h2 className="m-card-title">{dayText(plan.date)}走访计划</h2>
            <div className="m-muted m-small">
              {plan.workerName} · 每日 {plan.quota} 户
            </div>
          </div>
          <button type="button" className="w-link" disabled={!s.online || s.loadingPackage} onClick={() => void refreshPackage()} data-testid="plan-refresh">
            {s.loadingPackage ? '更新中…' : '更新'}
          </button>
        </div>
        <div className="w-counts">
          <div data-testid="plan-count-planned">
            <b>{plan.counts.planned}</b>
            <span>计划</span>
          </div>
          <div data-testid="plan-count-visited">
            <b>{plan.counts.visited}</b>
            <span>已走访</span>
          </div>
          <div data-testid="plan-count-nobody-home">
            <b>{plan.counts.nobodyHome}</b>
            <span>无人在家</span>
          </div>
          <div data-testid="plan-count-todo">
            <b>{Math.max(0, todo)}</b>
            <span>待走访</span>
          </div>
        </div>
      </section>

      {plan.date !== today && (
        <div className="w-notice is-warn" data-testid="plan-stale">
          这是 {dayText(plan.date)}的计划。{s.online ? '正在更新为今天的计划…' : '联网后会自动更新为今天的计划；现在登记的走访照常保存。'}
        </div>
      )}
      {(conflicts > 0 || failed > 0 || notices > 0) && (
        <Link to="/w/sync" className="w-notice is-error" data-testid="plan-sync-problems">
          {conflicts > 0 && `有 ${conflicts} 条档案修改与别人的修改冲突，请选择怎么处理。`}
          {failed > 0 && `有 ${failed} 条走访记录上传失败，请查看原因。`}
          {notices > 0 && `有 ${notices} 条走访反映的诉求没有登记成功，请查看原因。`}
          <span className="w-notice-go">去处理 ›</span>
        </Link>
      )}

      {!plan.workingDay ? (
        <div className="m-card" data-testid="plan-rest-day">
          <h2 className="m-card-title">今天不是工作日</h2>
          <p>今天没有走访计划。如果有群众需要，可以在“住户”里找到这户登记走访。</p>
        </div>
      ) : !plan.items.length ? (
        <div className="m-card" data-testid="plan-no-items">
          <h2 className="m-card-title">今天的计划是空的</h2>
          {s.user?.roles.includes('grid_worker') ? (
            <p>您负责的网格里暂时没有需要走访的住户。可以在“住户”里查看全部住户，或点右上角“更新”。</p>
          ) : (
            <p>下沉走访的干部没有每日计划。请到“住户”里输入地址或户主姓名，联网查找辖区内的住户后登记走访。</p>
          )}
        </div>
      ) : (
        groups.map((g) => {
          const now = g.window && g.window.start <= clock && clock < g.window.end;
          return (
            <section key={g.code} className="w-group" data-testid={`plan-window-${g.code}`}>
              <h3 className="w-group-title">
                {g.window ? g.window.name : '其他时段'}
                {g.window && (
                  <span className="m-muted m-small">
                    {' '}
                    {g.window.start}–{g.window.end}
                  </span>
                )}
                {now && <span className="w-now">现在</span>}
                <span className="w-group-count">{g.items.filter((i) => i.status === 'visited' || i.status === 'nobody_home').length}/{g.items.filter((i) => i.status !== 'swapped_out').length}</span>
              </h3>
              {g.items.map((item) => (
                <PlanItemCard key={item.id} item={item} catalog={catalog} onSwap={setSwapping} />
              ))}
            </section>
          );
        })
      )}
      <SwapPopup item={swapping} pkg={pkg} online={s.online} onClose={() => setSwapping(null)} />
    </div>
  );
}
