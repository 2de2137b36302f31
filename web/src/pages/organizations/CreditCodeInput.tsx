import { Input } from 'antd';
import type { InputProps } from 'antd';

/** Upper-cases as the user types and keeps only the code's characters, so pasted codes "just work". */
export function CreditCodeInput({ value, onChange, ...rest }: Omit<InputProps, 'onChange' | 'value'> & { value?: string; onChange?: (v: string) => void }) {
  return (
    <Input
      {...rest}
      value={value}
      maxLength={18}
      className="kc-mono"
      style={{ fontSize: 14, letterSpacing: 1 }}
      autoComplete="off"
      spellCheck={false}
      onChange={(e) => onChange?.(e.target.value.toUpperCase().replace(/[\s-]/g, ''))}
    />
  );
}
