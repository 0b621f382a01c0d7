import { Link, useParams } from 'react-router-dom';
import { Button, Flex, Skeleton } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { LoadError } from '../../app/components';
import { useI18n } from '../../app/i18n';
import type { MediationCase } from '../../app/contract';
import { useCase } from './api';
import './agreement.css';

/**
 * 人民调解协议书 (人民调解法 Art. 29), one printable page in Chinese: the parties, the facts and what is in
 * dispute, each party's responsibility, the manner and deadline of performance, signature lines.
 * Printed from the browser (print CSS); the signed copy is kept on paper.
 */
export default function AgreementPrintPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useI18n();
  const c = useCase(id);
  return (
    <>
      <Flex gap={8} className="agreement-toolbar" style={{ marginBottom: 16 }}>
        <Link to={`/mediation/${id}`}>
          <Button icon={<ArrowLeftOutlined />}>{t('mediation:back-to-the-case')}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!c.data}>
          {t('mediation:print')}
        </Button>
      </Flex>
      {c.error && <LoadError error={c.error} onRetry={() => void c.refetch()} />}
      {c.data ? <Sheet c={c.data} /> : !c.error && <Skeleton active paragraph={{ rows: 10 }} />}
    </>
  );
}

/* The sheet is the document itself: it stays in Chinese whatever the console's language. */
function Sheet({ c }: { c: MediationCase }) {
  const a = c.agreements[0];
  if (!a) return null;
  const side = (s: string) => (s === 'applicant' ? '申请人' : '被申请人');
  const name = new Map(c.parties.map((p) => [p.id, p.name]));
  return (
    <div className="agreement" data-testid="mediation-agreement-sheet">
      <h1>人民调解协议书</h1>
      <p className="agreement-no">
        {c.number}（第 {a.version} 版）
      </p>
      <table className="agreement-parties">
        <tbody>
          {c.parties.map((p) => (
            <tr key={p.id}>
              <th>{side(p.side)}</th>
              <td>
                {p.name}
                {p.creditCode ? `（统一社会信用代码 ${p.creditCode}）` : ''}
                {p.representative ? `，代表人 ${p.representative}` : ''}
                {p.phone ? `，联系电话 ${p.phone}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>纠纷的主要事实、争议事项</h2>
      <p className="agreement-text">{a.facts}</p>
      <h2>经调解，自愿达成如下协议</h2>
      <ol className="agreement-text">
        {a.responsibilities.map((r) => (
          <li key={r.partyId}>
            {name.get(r.partyId)}：{r.text}
          </li>
        ))}
      </ol>
      <h2>履行方式、时限</h2>
      <p className="agreement-text">
        {a.manner}；于 {a.deadline} 前履行完毕。
      </p>
      <p className="agreement-text">
        本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效（{a.effectiveOn}）。经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。双方当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。
      </p>
      <p className="agreement-text">本协议一式三份，当事人各执一份，{c.bodyName}留存一份。</p>
      <div className="agreement-signs">
        {c.parties.map((p) => (
          <div key={p.id}>
            {side(p.side)}（签名）：<span className="agreement-line" />
          </div>
        ))}
        <div>
          人民调解员（签名）：<span className="agreement-line" />
        </div>
        <div>
          记录人（签名）：<span className="agreement-line" />
        </div>
      </div>
      <div className="agreement-seal">
        {c.bodyName}（印章）
        <br />
        {a.effectiveOn.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$1 年 $2 月 $3 日')}
      </div>
    </div>
  );
}
