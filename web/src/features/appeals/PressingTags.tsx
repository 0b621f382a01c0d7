import { Tag } from 'antd';
import { useI18n } from '../../app/i18n';

/** 催办 and 督办 so far: how hard the appeal has been pressed, on its page and in the inbox row. */
export function PressingTags({ urgeCount, superviseCount }: { urgeCount: number; superviseCount: number }) {
  const { t } = useI18n();
  return (
    <>
      {urgeCount > 0 && (
        <Tag color="orange" data-testid="urge-count">
          {t('appeals:urged-urgecount', { urgeCount })}
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
