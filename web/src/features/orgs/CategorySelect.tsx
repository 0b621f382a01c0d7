import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import { useI18n } from '../../app/i18n';
import type { Category } from '../../app/contract';
import { useCategories } from './api';
import { translate } from '../../app/i18n';

interface CategoryNode {
  value: string;
  title: string;
  children?: CategoryNode[];
}

/** The two-level appeal categories as a tree. */
function categoryTree(categories: Category[]): CategoryNode[] {
  const t = translate;
  const top = categories.filter((c) => c.parentCode === null || !categories.some((p) => p.code === c.parentCode));
  return top.map((p) => {
    const kids = categories.filter((c) => c.parentCode === p.code).map((c) => ({ value: c.code, title: c.active ? c.name : t('orgs:name-inactive', { name: c.name }) }));
    return { value: p.code, title: p.active ? p.name : t('orgs:name-inactive', { name: p.name }), children: kids.length ? kids : undefined };
  });
}

/** The appeal categories an organisation handles (responsibility list, 职责清单). */
export function CategorySelect({ value, onChange, multiple = true, placeholder, id }: {
  value?: string[] | string;
  onChange?: (v: string[] | string | undefined) => void;
  multiple?: boolean;
  placeholder?: string;
  id?: string;
}) {
  const { t } = useI18n();
  const categories = useCategories();
  const treeData = useMemo(() => categoryTree(categories.data ?? []), [categories.data]);
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={onChange}
      treeData={treeData}
      multiple={multiple}
      treeCheckable={multiple}
      showCheckedStrategy={TreeSelect.SHOW_ALL}
      treeCheckStrictly={false}
      showSearch={{ treeNodeFilterProp: 'title' }}
      allowClear
      maxTagCount="responsive"
      loading={categories.isPending}
      placeholder={placeholder ?? t('orgs:choose-appeal-categories')}
      notFoundContent={categories.isError ? t('orgs:could-not-load-categories') : t('orgs:no-categories')}
      style={{ width: '100%' }}
      listHeight={320}
    />
  );
}
