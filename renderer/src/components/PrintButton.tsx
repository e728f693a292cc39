import type { PrintRequest } from '../../../main/api/contract';
import { api } from '../api/client';
import { saveFile } from '../lib/pdfPages';
import { useAction } from '../lib/useApi';

/** Asks the service for a 六统一 PDF and hands it to the browser as a download, named by 档号 and 户主姓名. */
export function PrintButton({ label, request }: { label: string; request: PrintRequest }) {
  const [run, busy] = useAction();
  const print = () =>
    run(async () => {
      const pdf = await api.printPdf(request);
      saveFile(pdf);
    });
  return (
    <button type="button" onClick={() => void print()} disabled={busy} title={`生成 PDF：${label}`}>
      {busy ? '正在生成…' : label}
    </button>
  );
}
