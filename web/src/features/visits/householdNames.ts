import { useI18n } from '../../app/i18n';
import { useTags, useVocabulary } from '../households/api';

/** Display names of household tags and types from the households vocabulary, for the household drawer. */
export function useHouseholdNames() {
  const { language } = useI18n();
  const tags = useTags();
  const vocab = useVocabulary();
  const en = language === 'en';
  return {
    types: vocab.data?.householdTypes ?? [],
    typesError: vocab.isError ? vocab.error : null,
    tagName: (code: string) => {
      const tg = tags.data?.find((x) => x.code === code);
      return tg ? (en ? tg.nameEn : tg.name) : code;
    },
    typeName: (code: string) => {
      const v = vocab.data?.householdTypes.find((x) => x.code === code);
      return v ? (en ? v.en : v.zh) : code;
    },
  };
}
