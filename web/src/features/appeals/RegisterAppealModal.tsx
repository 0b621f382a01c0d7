import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Col, Divider, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import type { UploadFile } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { errorText } from '../../app/api';
import { SubmissionAttempt } from '../../app/idempotency';
import { hasAnyRole, useUser } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { validValues } from '../../app/validation';
import type { AppealChannel, CreateAppealBody, RequesterKind, Urgency, User } from '../../app/contract';
import { CategorySelect } from '../orgs/CategorySelect';
import { RegionPicker } from '../regions/RegionPicker';
import { actOn, useCreateAppeal } from './api';
import { DuplicateSuggestions } from './DuplicateSuggestions';
import { CHANNEL_LABELS, CHANNELS, REQUESTER_KIND_LABELS, URGENCY_LABELS } from './labels';
import { PhotoUpload, photoRule, toPhotoInputs } from './photos';
import { RelatedAppeals } from './RelatedAppeals';
import { LocationPicker } from './LocationPicker';

interface Values {
  channel: AppealChannel;
  requesterKind: RequesterKind;
  name?: string;
  phone?: string;
  enterpriseName?: string;
  categoryCode: string;
  urgency: Urgency;
  title?: string;
  content: string;
  address?: string;
  placeCode?: string;
  lon?: number | null;
  lat?: number | null;
  photos?: UploadFile[];
  onSpot: boolean;
  onSpotResult?: string;
}

function defaultChannel(user: User): AppealChannel {
  if (hasAnyRole(user, ['grid_worker'])) return 'visit';
  if (hasAnyRole(user, ['community_staff'])) return 'listening_point';
  if (hasAnyRole(user, ['dispatcher'])) return 'hotline';
  return 'other';
}

/** 登记诉求: what was heard, from whom, about what and where; optionally already solved on the spot. */
export function RegisterAppealModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const user = useUser();
  const { t, tl } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const create = useCreateAppeal();
  // One Idempotency-Key per submission attempt, kept while the same form is retried.
  const attempt = useRef(new SubmissionAttempt());
  const [error, setError] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);
  // The map shows the area chosen in the place field (a grid's community); a grid picked on the map keeps it.
  const placeCode = Form.useWatch('placeCode', form) as string | undefined;
  const lon = Form.useWatch('lon', form) as number | null | undefined;
  const lat = Form.useWatch('lat', form) as number | null | undefined;
  const [mapArea, setMapArea] = useState<string | null>(null);
  const [placeLabel, setPlaceLabel] = useState<{ code: string; name: string } | null>(null);
  const pickedOnMap = useRef<string | null>(null);
  useEffect(() => {
    if (placeCode && placeCode === pickedOnMap.current) return;
    pickedOnMap.current = null;
    const own = user.regionCode.length >= 6 ? user.regionCode : null;
    const code = placeCode && placeCode.length >= 9 ? placeCode : own;
    const area = code ? code.slice(0, Math.min(code.length, 12)) : null;
    // A grid worker's scope is their grid, narrower than its community: their map is that grid.
    setMapArea(area && !area.startsWith(user.regionCode) ? user.regionCode : area);
  }, [placeCode, user.regionCode]);
  // 就地解决 is recorded by the people on the ground.
  const canSolveOnSpot = hasAnyRole(user, ['grid_worker', 'community_staff']);

  useEffect(() => {
    if (!open) return;
    attempt.current.done();
    setError(null);
    form.resetFields();
    form.setFieldsValue({
      channel: defaultChannel(user),
      requesterKind: 'resident',
      urgency: 'normal',
      onSpot: false,
      // A grid worker's or community's appeals belong to their own area unless a point says otherwise.
      placeCode: user.regionCode.length >= 9 ? user.regionCode : undefined,
    });
    setPlaceLabel(null);
  }, [open, form, user]);

  const locate = () => {
    if (!navigator.geolocation) {
      message.warning(t('appeals:this-browser-cannot-locate-you-enter-coordinates'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false);
        form.setFieldsValue({ lon: Number(p.coords.longitude.toFixed(6)), lat: Number(p.coords.latitude.toFixed(6)) });
      },
      (err) => {
        setLocating(false);
        message.warning(t('appeals:could-not-locate-you-message-enter-coordinates', { message: err.message }));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  // 并案 is the desk's: a dispatcher (or admin) registers a repeat and merges it in one click.
  const canMerge = hasAnyRole(user, ['dispatcher', 'admin']);

  const onOk = async (masterId?: string) => {
    const v = await validValues(form);
    if (!v) return;
    setError(null);
    const trim = (s?: string) => (s && s.trim() ? s.trim() : undefined);
    try {
      const body: CreateAppealBody = {
        channel: v.channel,
        requester:
          v.requesterKind === 'anonymous'
            ? { kind: 'anonymous' }
            : { kind: v.requesterKind, name: trim(v.name), phone: trim(v.phone), enterpriseName: v.requesterKind === 'enterprise' ? trim(v.enterpriseName) : undefined },
        categoryCode: v.categoryCode,
        urgency: v.urgency,
        title: trim(v.title),
        content: v.content.trim(),
        address: trim(v.address),
        placeCode: v.placeCode || undefined,
        location: typeof v.lon === 'number' && typeof v.lat === 'number' ? { lon: v.lon, lat: v.lat } : undefined,
        photos: await toPhotoInputs(v.photos),
        solvedOnSpot: canSolveOnSpot && v.onSpot && trim(v.onSpotResult) ? { result: trim(v.onSpotResult)! } : undefined,
      };
      const created = await create.mutateAsync({ body, idempotencyKey: attempt.current.keyFor(body) });
      attempt.current.done();
      if (masterId) {
        // Registered, then merged into the appeal it repeats: the desk lands on that one.
        try {
          await actOn(created.id, 'merge', { version: created.version, masterId });
          message.success(t('appeals:registered-as-number-and-merged-into-the-same', { number: created.number }));
          onClose();
          navigate(`/appeals/${masterId}`);
        } catch (e) {
          message.warning(errorText(e));
          onClose();
          navigate(`/appeals/${created.id}`);
        }
        return;
      }
      message.success(t('appeals:registered-as-number', { number: created.number }));
      onClose();
      navigate(`/appeals/${created.id}`);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Modal
      open={open}
      title={t('appeals:register-an-appeal')}
      onCancel={onClose}
      onOk={() => void onOk()}
      okText={t('appeals:register')}
      okButtonProps={{ id: 'register-submit' }}
      confirmLoading={create.isPending}
      width={760}
      forceRender
      maskClosable={false}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="register-error" />}
      <Form<Values> form={form} name="register" layout="vertical" requiredMark="optional" style={{ marginTop: 12 }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="channel" label={t('appeals:channel-2')} rules={[{ required: true }]}>
              <Select<AppealChannel> options={CHANNELS.map((c) => ({ value: c, label: tl(CHANNEL_LABELS[c]) }))} data-testid="register-channel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="urgency" label={t('appeals:urgency')} rules={[{ required: true }]}>
              <Radio.Group optionType="button">
                {(Object.keys(URGENCY_LABELS) as Urgency[]).map((u) => (
                  <Radio.Button key={u} value={u}>
                    {tl(URGENCY_LABELS[u])}
                  </Radio.Button>
                ))}
              </Radio.Group>
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="requesterKind" label={t('appeals:requester')} rules={[{ required: true }]}>
          <Radio.Group>
            {(Object.keys(REQUESTER_KIND_LABELS) as RequesterKind[]).map((k) => (
              <Radio key={k} value={k}>
                {tl(REQUESTER_KIND_LABELS[k])}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.requesterKind !== b.requesterKind}>
          {({ getFieldValue }) => {
            const kind = getFieldValue('requesterKind') as RequesterKind;
            if (kind === 'anonymous') return null;
            return (
              <Row gutter={16}>
                {kind === 'enterprise' && (
                  <Col xs={24} md={8}>
                    <Form.Item name="enterpriseName" label={t('appeals:enterprise-2')} rules={[{ required: true, whitespace: true, message: t('appeals:enter-the-enterprise-name') }, { max: 100 }]}>
                      <Input maxLength={100} />
                    </Form.Item>
                  </Col>
                )}
                <Col xs={24} md={8}>
                  <Form.Item name="name" label={kind === 'enterprise' ? t('appeals:contact') : t('appeals:name')} rules={[{ max: 50 }]}>
                    <Input maxLength={50} data-testid="register-name" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item
                    name="phone"
                    label={t('appeals:phone-2')}
                    rules={[
                      { required: true, whitespace: true, message: t('appeals:enter-a-phone-number-for-feedback-and-callback') },
                      { pattern: /^[0-9+\-() ]{5,20}$/, message: t('appeals:digits-spaces-and-only') },
                    ]}
                  >
                    <Input maxLength={20} placeholder="13800000000" data-testid="register-phone" />
                  </Form.Item>
                </Col>
              </Row>
            );
          }}
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="categoryCode" label={t('appeals:category-2')} rules={[{ required: true, message: t('appeals:choose-a-category') }]}>
              <CategorySelect multiple={false} placeholder={t('appeals:choose-or-search-a-category')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="title" label={t('appeals:title-the-contents-start-by-default')} rules={[{ max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="content" label={t('appeals:what-was-reported')} rules={[{ required: true, whitespace: true, message: t('appeals:describe-the-appeal') }, { max: 5000 }]}>
          <Input.TextArea rows={4} showCount maxLength={5000} placeholder={t('appeals:when-where-what-happened-and-what-the-requester')} data-testid="register-content" />
        </Form.Item>
        <Divider titlePlacement="start" plain style={{ margin: '8px 0 12px' }}>
          {t('appeals:place-coordinates-or-the-grid')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="placeCode"
              label={t('appeals:grid-community-or-township')}
              extra={t('appeals:coordinates-when-given-place-it-automatically')}
              dependencies={['lon', 'lat']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, v: string | undefined) =>
                    v || (typeof getFieldValue('lon') === 'number' && typeof getFieldValue('lat') === 'number')
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('appeals:choose-the-grid-or-enter-coordinates'))),
                }),
                { validator: (_, v: string | undefined) => (!v || v.length >= 9 ? Promise.resolve() : Promise.reject(new Error(t('appeals:choose-a-township-or-below')))) },
              ]}
            >
              <RegionPicker
                includeGrids
                valueLabel={placeLabel && placeLabel.code === placeCode ? placeLabel.name : user.regionCode.length >= 9 ? user.regionName.split(' / ').pop() : undefined}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="address" label={t('appeals:address')} rules={[{ max: 200 }]}>
              <Input maxLength={200} placeholder={t('appeals:e-g-outside-no-12-xixiqiao-road')} data-testid="register-address" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('appeals:coordinates-longitude-latitude')}>
          <Space.Compact block>
            <Form.Item name="lon" noStyle rules={[{ type: 'number', min: 73.4, max: 135.1, message: t('appeals:longitude-73-4-135-1') }]}>
              <InputNumber data-testid="register-lon" placeholder={t('appeals:lon-114-9')} step={0.0001} precision={6} style={{ width: '38%' }} />
            </Form.Item>
            <Form.Item name="lat" noStyle rules={[{ type: 'number', min: 3.8, max: 53.6, message: t('appeals:latitude-3-8-53-6') }]}>
              <InputNumber data-testid="register-lat" placeholder={t('appeals:lat-27-1')} step={0.0001} precision={6} style={{ width: '38%' }} />
            </Form.Item>
            <Button icon={<AimOutlined />} loading={locating} onClick={locate} style={{ width: '24%' }}>
              {t('appeals:use-my-location')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item style={{ marginTop: -8 }}>
          <LocationPicker
            area={mapArea}
            selectedGrid={placeCode && placeCode.length === 15 ? placeCode : null}
            value={typeof lon === 'number' && typeof lat === 'number' ? [lon, lat] : null}
            onPick={([x, y], grid) => {
              if (grid) {
                pickedOnMap.current = grid.code;
                setPlaceLabel(grid);
              }
              form.setFieldsValue({ lon: x, lat: y, ...(grid ? { placeCode: grid.code } : {}) });
              void form.validateFields(['lon', 'lat', 'placeCode']).catch(() => undefined);
            }}
          />
        </Form.Item>
        <DuplicateSuggestions onMerge={canMerge ? (masterId) => void onOk(masterId) : undefined} />
        <RelatedAppeals />
        <Form.Item name="photos" label={t('appeals:photos-up-to-9-5-mb-each')} rules={[photoRule(t)]}>
          <PhotoUpload />
        </Form.Item>
        {canSolveOnSpot && (
          <>
            <Form.Item name="onSpot" label={t('appeals:already-solved-on-the-spot')} valuePropName="checked" style={{ marginBottom: 8 }}>
              <Switch data-testid="register-onspot" />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.onSpot !== b.onSpot}>
              {({ getFieldValue }) =>
                getFieldValue('onSpot') ? (
                  <Form.Item
                    name="onSpotResult"
                    label={t('appeals:how-it-was-solved')}
                    rules={[{ required: true, whitespace: true, message: t('appeals:describe-how-it-was-solved') }, { max: 2000 }]}
                  >
                    <Input.TextArea rows={2} maxLength={2000} showCount data-testid="register-onspot-result" />
                  </Form.Item>
                ) : (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('appeals:appeals-solved-on-the-spot-are-registered-too')}
                  </Typography.Text>
                )
              }
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
