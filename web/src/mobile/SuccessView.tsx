import { useState } from 'react';
import { Button, Toast } from 'antd-mobile';

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // WeChat's browser and plain-http pages often refuse; fall back below
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.top = '-1000px';
  document.body.appendChild(ta);
  ta.select();
  ta.setSelectionRange(0, text.length);
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  document.body.removeChild(ta);
  return ok;
}

export function SuccessView({
  number,
  last4,
  onTrack,
  onAnother,
}: {
  number: string;
  last4: string;
  onTrack: () => void;
  onAnother: () => void;
}) {
  const [copied, setCopied] = useState<boolean | null>(null);

  const copy = async () => {
    const ok = await copyText(number);
    setCopied(ok);
    Toast.show({ content: ok ? '编号已复制' : '复制失败，请长按编号手动复制', icon: ok ? 'success' : undefined });
  };

  return (
    <div className="m-card m-success" data-testid="submit-success">
      <div className="m-success-icon" aria-hidden="true">
        ✓
      </div>
      <h2>提交成功，我们会尽快办理</h2>
      <p className="m-muted">您的诉求编号</p>
      <div className="m-number" data-testid="appeal-number">
        {number}
      </div>
      <Button color="primary" fill="outline" size="small" onClick={() => void copy()} data-testid="copy-number">
        {copied ? '已复制' : '复制编号'}
      </Button>
      <div className="m-howto">
        <p>
          <b>请截图或记下这个编号。</b>
        </p>
        <p>
          凭<b>编号</b>和提交时填写的<b>手机号后四位（{last4}）</b>，随时扫码点“查询进度”即可看到办理情况，办结后还可以评价。
        </p>
        <p className="m-muted">工作人员可能会打电话和您核实情况，请留意来电。</p>
      </div>
      <Button block color="primary" size="large" onClick={onTrack} data-testid="go-track">
        查询办理进度
      </Button>
      <Button block fill="none" onClick={onAnother} style={{ marginTop: 8 }}>
        再反映一个问题
      </Button>
    </div>
  );
}
