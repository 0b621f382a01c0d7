import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Progress, Row, Space, Spin, Tag, Typography } from 'antd';
import { FilePdfOutlined, FileImageOutlined, FileZipOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { useUser } from '../../app/auth';
import { EmptyHint, LoadError, PageHeader } from '../../app/components';
import { useI18n } from '../../app/i18n';
import { LEVEL_COLORS, LEVEL_LABELS } from '../../app/labels';
import type { Level } from '../../app/contract';
import { RegionPicker } from '../regions/RegionPicker';
import { fetchChildren } from '../regions/api';
import { fetchQrImage, fetchQrInfo, isQrPlace, useQrInfo } from './api';
import { jpegPagesToPdf, type JpegPage } from './pdf';
import { canvasToBlob, drawPoster, qrPixels, type PosterPlace } from './poster';

/** 300 dpi for a single poster; a little less for a batch so the file stays mailable. */
const PRINT_SCALE = 2;
const BATCH_SCALE = 1.5;

function download(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A poster pointing at localhost or a private address cannot be opened from a resident's phone. */
function isLocalUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\./.test(host) || host === '0.0.0.0';
  } catch {
    return false;
  }
}

const safeName = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '');

async function renderPoster(place: PosterPlace, scale: number): Promise<HTMLCanvasElement> {
  const qr = await fetchQrImage(place.code, qrPixels(scale));
  try {
    const canvas = document.createElement('canvas');
    drawPoster(canvas, place, qr, scale);
    return canvas;
  } finally {
    qr.close();
  }
}

async function jpegPage(canvas: HTMLCanvasElement, quality: number): Promise<JpegPage> {
  const blob = await canvasToBlob(canvas, 'image/jpeg', quality);
  return { jpeg: new Uint8Array(await blob.arrayBuffer()), width: canvas.width, height: canvas.height };
}

export default function QrPosterPage() {
  const user = useUser();
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [code, setCode] = useState<string | null>(isQrPlace(user.regionCode) ? user.regionCode : null);
  const info = useQrInfo(isQrPlace(code) ? code : null);
  const preview = useRef<HTMLCanvasElement>(null);
  const [drawing, setDrawing] = useState(false);
  const [drawError, setDrawError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'png' | 'pdf' | 'batch' | null>(null);
  const [batch, setBatch] = useState<{ done: number; total: number } | null>(null);
  const [children, setChildren] = useState<{ code: string; name: string; level: Level }[] | null>(null);

  // Draw the preview (same drawing as the download, at 150 dpi).
  useEffect(() => {
    const place = info.data;
    if (!place) return;
    let live = true;
    setDrawing(true);
    setDrawError(null);
    fetchQrImage(place.code, qrPixels(1))
      .then((qr) => {
        if (live && preview.current) drawPoster(preview.current, place, qr, 1);
        qr.close();
      })
      .catch((e) => live && setDrawError(e))
      .finally(() => live && setDrawing(false));
    return () => {
      live = false;
    };
  }, [info.data]);

  // What a batch would print: a community's grids, or a township's communities.
  useEffect(() => {
    setChildren(null);
    if (!code || (code.length !== 9 && code.length !== 12)) return;
    let live = true;
    fetchChildren(queryClient, code).then(
      (kids) => live && setChildren(kids.filter((k) => isQrPlace(k.code)).map((k) => ({ code: k.code, name: k.name, level: k.level }))),
      () => live && setChildren([]),
    );
    return () => {
      live = false;
    };
  }, [code, queryClient]);

  const place = info.data;

  const downloadPng = async () => {
    if (!place) return;
    setBusy('png');
    try {
      const canvas = await renderPoster(place, PRINT_SCALE);
      download(await canvasToBlob(canvas, 'image/png'), `码上解海报-${safeName(place.name)}-${place.code}.png`);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const downloadPdf = async () => {
    if (!place) return;
    setBusy('pdf');
    try {
      const canvas = await renderPoster(place, PRINT_SCALE);
      const pdf = jpegPagesToPdf([await jpegPage(canvas, 0.92)], { title: `有纠纷、码上解 · ${place.name}` });
      download(pdf, `码上解海报-${safeName(place.name)}-${place.code}.pdf`);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const downloadBatch = async () => {
    if (!place || !children?.length) return;
    setBusy('batch');
    setBatch({ done: 0, total: children.length });
    try {
      const pages: JpegPage[] = [];
      // One at a time: a canvas per page at print size is large.
      for (const [i, c] of children.entries()) {
        const p = await fetchQrInfo(c.code);
        pages.push(await jpegPage(await renderPoster(p, BATCH_SCALE), 0.88));
        setBatch({ done: i + 1, total: children.length });
      }
      const what = code!.length === 12 ? '全部网格' : '全部社区';
      download(jpegPagesToPdf(pages, { title: `有纠纷、码上解 · ${place.name}${what}` }), `码上解海报-${safeName(place.name)}-${what}-${pages.length}张.pdf`);
      message.success(t('qr:pagescount-page-pdf-ready', { pagesCount: pages.length }));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
      setBatch(null);
    }
  };

  const level = place?.level as Level | undefined;
  const batchLabel =
    code?.length === 12
      ? t('qr:all-grids-here-childrencount-pages-pdf', { childrenCount: children?.length ?? '…' })
      : t('qr:all-communities-here-childrencount-pages-pdf', { childrenCount: children?.length ?? '…' });

  return (
    <>
      <PageHeader
        title={t('common:qr-posters')}
        subtitle={t('qr:pick-a-township-community-or-grid-and-download')}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10} xl={9}>
          <Card title={t('qr:choose-the-place')} size="small">
            <div data-testid="qr-region-picker">
              <RegionPicker
                value={code}
                onChange={(c) => setCode(c ?? null)}
                valueLabel={place?.name ?? null}
                includeGrids
                allowClear={false}
                placeholder={t('qr:choose-or-search-a-township-community-or-grid')}
              />
            </div>
            {code && !isQrPlace(code) && (
              <Alert
                style={{ marginTop: 12 }}
                type="info"
                showIcon
                title={t('qr:choose-a-township-community-or-grid')}
                description={t('qr:posters-belong-to-a-place-counties-and-above')}
              />
            )}
            {info.isError && <div style={{ marginTop: 12 }}><LoadError error={info.error} onRetry={() => void info.refetch()} /></div>}
            {place && (
              <>
                <Descriptions size="small" column={1} style={{ marginTop: 16 }} data-testid="qr-info">
                  <Descriptions.Item label={t('qr:place')}>
                    <Space size={6} wrap>
                      <span data-testid="qr-place-name">{place.name}</span>
                      {level && <Tag color={LEVEL_COLORS[level]}>{tl(LEVEL_LABELS[level])}</Tag>}
                    </Space>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('qr:path')}>{place.path}</Descriptions.Item>
                  <Descriptions.Item label={t('qr:link')}>
                    <Typography.Text copyable={{ text: place.url }} style={{ wordBreak: 'break-all' }} data-testid="qr-url">
                      <a href={place.url} target="_blank" rel="noreferrer">
                        {place.url}
                      </a>
                    </Typography.Text>
                  </Descriptions.Item>
                </Descriptions>
                {isLocalUrl(place.url) && (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 8 }}
                    data-testid="qr-local-url"
                    title={t('qr:the-code-points-at-this-machine-residents-phones')}
                    description={t('qr:ask-the-administrator-to-set-tingsu-public-url-e')}
                  />
                )}
                <Flex vertical gap={8} style={{ marginTop: 8 }}>
                  <Button type="primary" icon={<FileImageOutlined />} loading={busy === 'png'} disabled={!!busy} onClick={() => void downloadPng()} data-testid="qr-download-png">
                    {t('qr:download-png-a4-300-dpi')}
                  </Button>
                  <Button icon={<FilePdfOutlined />} loading={busy === 'pdf'} disabled={!!busy} onClick={() => void downloadPdf()} data-testid="qr-download-pdf">
                    {t('qr:download-pdf-one-a4-page-ready-to-print')}
                  </Button>
                  {(code?.length === 9 || code?.length === 12) && (
                    <Button
                      icon={<FileZipOutlined />}
                      loading={busy === 'batch'}
                      disabled={!!busy || !children?.length}
                      onClick={() => void downloadBatch()}
                      data-testid="qr-download-batch"
                    >
                      {batchLabel}
                    </Button>
                  )}
                  {batch && <Progress percent={Math.round((batch.done / batch.total) * 100)} size="small" format={() => `${batch.done}/${batch.total}`} />}
                </Flex>
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}>
                  {t('qr:tip-put-it-up-at-entrances-notice-boards-and')}
                </Typography.Paragraph>
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14} xl={15}>
          <Card title={t('qr:preview-a4')} size="small" styles={{ body: { background: '#eef0f4', display: 'flex', justifyContent: 'center', padding: 24 } }}>
            {!code ? (
              <EmptyHint title={t('qr:choose-a-place-on-the-left-first')} />
            ) : drawError ? (
              <LoadError error={drawError} />
            ) : (
              <Spin spinning={drawing || info.isLoading}>
                <canvas
                  ref={preview}
                  data-testid="qr-preview"
                  style={{ width: 'min(100%, 480px)', aspectRatio: '1240 / 1754', background: '#fff', boxShadow: '0 6px 24px rgba(0,0,0,0.15)', display: place ? 'block' : 'none' }}
                />
                {!place && <div style={{ width: 320, height: 200 }} />}
              </Spin>
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
