import { Tag } from 'antd';
import { useI18n } from '../../app/i18n';

/** 催办 and 督办 so far, and the residents who said 我也遇到: how hard the appeal is pressed, on its page and in the inbox row. */
export function PressingTags({ urgeCount, superviseCount, affected = 0 }: { urgeCount: number; superviseCount: number; affected?: number }) {
  const { t } = useI18n();
  return (
    <>
      {urgeCount > 0 && (
        <Tag color="orange" data-testid="urge-count">
          {t('appeals:urged-urgecount', { urgeCount })}
        </Tag>
      )}
      {affected > 0 && (
        <Tag color="purple" data-testid="affected-count">
          {t('appeals:affected-more-affected', { affected })}
        </Tag>
      )}
      {superviseCount > 0 && (
        <Tag color="red" data-testid="supervise-count">
          {t('appeals:supervised-supervisecount', { superviseCount })}
        </Tag>
      )}
    </>
  );
}
