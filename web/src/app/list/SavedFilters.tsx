import { useState } from 'react';
import { Button, Dropdown, Flex, Input, Modal, type MenuProps } from 'antd';
import { CloseOutlined, FilterOutlined, SaveOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import { SAVED_FILTER_NAME_MAX, type SavedFilter } from './listState';

interface Props {
  saved: SavedFilter[];
  /** The saved filter the list shows now, if any. */
  current?: SavedFilter;
  /** Whether the list is filtered at all (only then is there something to save). */
  filtered: boolean;
  onApply: (s: SavedFilter) => void;
  onSave: (name: string) => void;
  onRemove: (name: string) => void;
}

/** 常用筛选: filters a person names and comes back to; kept per list and per account. */
export function SavedFilters({ saved, current, filtered, onApply, onSave, onRemove }: Props) {
  const { t } = useI18n();
  const [naming, setNaming] = useState<string | null>(null);
  const items: MenuProps['items'] = [
    ...saved.map((s) => ({
      key: `apply:${s.name}`,
      label: (
        <Flex justify="space-between" align="center" gap={12}>
          <span>{s.name}</span>
          <Button
            type="text"
            size="small"
            icon={<CloseOutlined />}
            aria-label={t('common:remove-name', { name: s.name })}
            onClick={(e) => {
              e.stopPropagation();
              onRemove(s.name);
            }}
          />
        </Flex>
      ),
    })),
    ...(saved.length ? [{ type: 'divider' as const }] : []),
    {
      key: 'save',
      icon: <SaveOutlined />,
      disabled: !filtered,
      label: filtered ? t('common:save-these-filters-2') : t('common:set-some-filters-to-save-them'),
    },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'save') setNaming(current?.name ?? '');
    else {
      const s = saved.find((x) => `apply:${x.name}` === key);
      if (s) onApply(s);
    }
  };
  const name = naming?.trim() ?? '';
  const save = () => {
    if (!name) return;
    onSave(name);
    setNaming(null);
  };
  return (
    <>
      <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
        <Button icon={<FilterOutlined />} data-testid="list-saved-filters">
          {current ? current.name : t('common:saved-filters')}
        </Button>
      </Dropdown>
      <Modal
        open={naming !== null}
        title={t('common:save-these-filters')}
        onCancel={() => setNaming(null)}
        onOk={save}
        okButtonProps={{ disabled: !name }}
        okText={t('common:save')}
        destroyOnHidden
      >
        <Input
          autoFocus
          value={naming ?? ''}
          maxLength={SAVED_FILTER_NAME_MAX}
          onChange={(e) => setNaming(e.target.value)}
          onPressEnter={save}
          placeholder={t('common:a-name-e-g-overdue-this-month')}
          data-testid="list-saved-filter-name"
        />
      </Modal>
    </>
  );
}
