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
import { useCreateAppeal } from './api';
import { CHANNEL_LABELS, CHANNELS, REQUESTER_KIND_LABELS, URGENCY_LABELS } from './labels';
import { PhotoUpload, photoRule, toPhotoInputs } from './photos';
import { RelatedAppeals } from './RelatedAppeals';

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
  }, [open, form, user]);

  const locate = () => {
    if (!navigator.geolocation) {
      message.warning(t('此浏览器不支持定位，请手动填写经纬度或选择网格。', 'This browser cannot locate you; enter coordinates or choose the grid.'));
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
        message.warning(t(`定位失败（${err.message}），请手动填写或选择网格。`, `Could not locate you (${err.message}); enter coordinates or choose the grid.`));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const onOk = async () => {
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
      message.success(t(`诉求已登记，编号 ${created.number}`, `Registered as ${created.number}`));
      onClose();
      navigate(`/appeals/${created.id}`);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Modal
      open={open}
      title={t('登记诉求', 'Register an appeal')}
      onCancel={onClose}
      onOk={() => void onOk()}
      okText={t('登记', 'Register')}
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
            <Form.Item name="channel" label={t('诉求渠道', 'Channel')} rules={[{ required: true }]}>
              <Select<AppealChannel> options={CHANNELS.map((c) => ({ value: c, label: tl(CHANNEL_LABELS[c]) }))} data-testid="register-channel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="urgency" label={t('紧急程度', 'Urgency')} rules={[{ required: true }]}>
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
        <Form.Item name="requesterKind" label={t('诉求人', 'Requester')} rules={[{ required: true }]}>
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
                    <Form.Item name="enterpriseName" label={t('企业名称', 'Enterprise')} rules={[{ required: true, whitespace: true, message: t('请填写企业名称', 'Enter the enterprise name') }, { max: 100 }]}>
                      <Input maxLength={100} />
                    </Form.Item>
                  </Col>
                )}
                <Col xs={24} md={8}>
                  <Form.Item name="name" label={kind === 'enterprise' ? t('联系人', 'Contact') : t('姓名', 'Name')} rules={[{ max: 50 }]}>
                    <Input maxLength={50} data-testid="register-name" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item
                    name="phone"
                    label={t('联系电话', 'Phone')}
                    rules={[
                      { required: true, whitespace: true, message: t('请填写联系电话，用于反馈和回访', 'Enter a phone number for feedback and callback') },
                      { pattern: /^[0-9+\-() ]{5,20}$/, message: t('电话只能包含数字、空格和 + - ( )', 'Digits, spaces and + - ( ) only') },
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
            <Form.Item name="categoryCode" label={t('诉求类别', 'Category')} rules={[{ required: true, message: t('请选择诉求类别', 'Choose a category') }]}>
              <CategorySelect multiple={false} placeholder={t('选择或搜索类别', 'Choose or search a category')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="title" label={t('标题（默认取内容开头）', 'Title (the content’s start by default)')} rules={[{ max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="content" label={t('诉求内容', 'What was reported')} rules={[{ required: true, whitespace: true, message: t('请填写诉求内容', 'Describe the appeal') }, { max: 5000 }]}>
          <Input.TextArea rows={4} showCount maxLength={5000} placeholder={t('时间、地点、事情经过和诉求人的要求', 'When, where, what happened and what the requester asks')} data-testid="register-content" />
        </Form.Item>
        <Divider titlePlacement="start" plain style={{ margin: '8px 0 12px' }}>
          {t('位置（坐标或所属网格至少填一项）', 'Place (coordinates or the grid)')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="placeCode"
              label={t('所属网格 / 社区 / 乡镇', 'Grid, community or township')}
              extra={t('有坐标时按坐标自动落格', 'Coordinates, when given, place it automatically')}
              dependencies={['lon', 'lat']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, v: string | undefined) =>
                    v || (typeof getFieldValue('lon') === 'number' && typeof getFieldValue('lat') === 'number')
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('请选择所属网格，或填写坐标', 'Choose the grid, or enter coordinates'))),
                }),
                { validator: (_, v: string | undefined) => (!v || v.length >= 9 ? Promise.resolve() : Promise.reject(new Error(t('请至少选到乡镇（街道）', 'Choose a township or below')))) },
              ]}
            >
              <RegionPicker includeGrids valueLabel={user.regionCode.length >= 9 ? user.regionName.split(' / ').pop() : undefined} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="address" label={t('地址', 'Address')} rules={[{ max: 200 }]}>
              <Input maxLength={200} placeholder={t('如：习溪桥路 12 号门口', 'e.g. outside No. 12 Xixiqiao Road')} data-testid="register-address" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('坐标（经度、纬度）', 'Coordinates (longitude, latitude)')}>
          <Space.Compact block>
            <Form.Item name="lon" noStyle rules={[{ type: 'number', min: 73.4, max: 135.1, message: t('经度应在 73.4–135.1 之间', 'Longitude 73.4–135.1') }]}>
              <InputNumber placeholder={t('经度 114.9', 'lon 114.9')} step={0.0001} precision={6} style={{ width: '38%' }} />
            </Form.Item>
            <Form.Item name="lat" noStyle rules={[{ type: 'number', min: 3.8, max: 53.6, message: t('纬度应在 3.8–53.6 之间', 'Latitude 3.8–53.6') }]}>
              <InputNumber placeholder={t('纬度 27.1', 'lat 27.1')} step={0.0001} precision={6} style={{ width: '38%' }} />
            </Form.Item>
            <Button icon={<AimOutlined />} loading={locating} onClick={locate} style={{ width: '24%' }}>
              {t('使用我的位置', 'Use my location')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <RelatedAppeals />
        <Form.Item name="photos" label={t('照片（最多 9 张，每张不超过 5 MB）', 'Photos (up to 9, 5 MB each)')} rules={[photoRule(t)]}>
          <PhotoUpload />
        </Form.Item>
        {canSolveOnSpot && (
          <>
            <Form.Item name="onSpot" label={t('已就地解决', 'Already solved on the spot')} valuePropName="checked" style={{ marginBottom: 8 }}>
              <Switch data-testid="register-onspot" />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.onSpot !== b.onSpot}>
              {({ getFieldValue }) =>
                getFieldValue('onSpot') ? (
                  <Form.Item
                    name="onSpotResult"
                    label={t('就地解决情况', 'How it was solved')}
                    rules={[{ required: true, whitespace: true, message: t('请填写解决情况', 'Describe how it was solved') }, { max: 2000 }]}
                  >
                    <Input.TextArea rows={2} maxLength={2000} showCount data-testid="register-onspot-result" />
                  </Form.Item>
                ) : (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('当场解决的诉求也要登记，计入就地解决率，并等待反馈和评价。', 'Appeals solved on the spot are registered too: they count towards the on-the-spot rate and still get feedback and a rating.')}
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
