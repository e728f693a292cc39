import type { PrintRequest } from '../../../main/api/contract';
import { api } from '../api/client';
import { useAction } from '../lib/useApi';

/** Asks the service for a 六统一 PDF and hands it to the browser as a download. */
export function PrintButton({ label, request }: { label: string; request: PrintRequest }) {
  const [run, busy] = useAction();
  const print = () =>
    run(async () => {
      const pdf = await api.printPdf(request);
      const bytes = Uint8Array.from(atob(pdf.contentBase64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = pdf.fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    });
  return (
    <button type="button" onClick={() => void print()} disabled={busy} title={`生成 PDF：${label}`}>
      {busy ? '正在生成…' : label}
    </button>
  );
}
