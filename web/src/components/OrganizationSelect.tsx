import { useEffect, useMemo, useRef, useState } from 'react';
import { Select, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client.ts';
import type { Organization } from '../api/types.ts';
import { useLang } from '../i18n/index.ts';

interface Props {
  value?: string | null;
  onChange?: (value: string | null) => void;
  id?: string;
}

/** Searches the organisation registry as the user types; shows the current value's name too. */
export function OrganizationSelect({ value, onChange, id }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const [options, setOptions] = useState<Organization[]>([]);
  const [current, setCurrent] = useState<Organization | null>(null);
  const [searching, setSearching] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const controller = useRef<AbortController | null>(null);

  const search = (q: string) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      controller.current?.abort();
      const c = new AbortController();
      controller.current = c;
      setSearching(true);
      call(api.GET('/api/v1/organizations', { params: { query: { q: q.trim() || undefined, pageSize: 20 } }, signal: c.signal })).then(
        (page) => {
          if (c.signal.aborted) return;
          setOptions(page.items);
          setSearching(false);
        },
        () => {
          if (!c.signal.aborted) setSearching(false);
        },
      );
    }, 250);
  };

  useEffect(() => {
    search('');
    return () => {
      window.clearTimeout(timer.current);
      controller.current?.abort();
    };
    // Initial list once; later searches follow the user's typing.
  }, []);

  useEffect(() => {
    if (!value || options.some((o) => o.id === value) || current?.id === value) return;
    const c = new AbortController();
    call(api.GET('/api/v1/organizations/{id}', { params: { path: { id: value } }, signal: c.signal })).then(
      (org) => setCurrent(org),
      () => undefined,
    );
    return () => c.abort();
  }, [value, options, current]);

  const merged = useMemo(() => {
    const list = [...options];
    if (current && !list.some((o) => o.id === current.id)) list.unshift(current);
    return list;
  }, [options, current]);

  const label = (o: Organization) => (lang === 'en' && o.nameEn ? o.nameEn : o.nameZh);

  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      placeholder={t('users.organizationPlaceholder')}
      notFoundContent={searching ? <Spin size="small" /> : undefined}
      options={merged.map((o) => ({ value: o.id, label: `${label(o)} · ${o.creditCode}` }))}
    />
  );
}
