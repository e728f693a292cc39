import { useEffect, useState, type FormEvent } from 'react';
import type { PageTextHit } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { navigate, paths } from '../../lib/router';
import { useApi } from '../../lib/useApi';

/**
 * 全文检索: pages found by what was read on them (OCR or the PDF's own text).
 * The words searched for live in the address, so a search can be bookmarked
 * and Back returns to the hits. ID numbers in the hits come masked.
 */
export function SearchScreen({ text }: { text: string }) {
  const [draft, setDraft] = useState(text);
  useEffect(() => setDraft(text), [text]);
  const hits = useApi(() => (text.trim() ? api.searchPageText({ text: text.trim(), limit: 100 }) : Promise.resolve(null)), [text]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(paths.search(draft.trim()));
  };
  return (
    <section className="screen" aria-labelledby="search-title">
      <header className="screen-head">
        <h1 id="search-title">全文检索</h1>
        <form className="search-form" role="search" onSubmit={submit}>
          <input
            type="search"
            aria-label="检索页面文字"
            placeholder="页面上的文字，如姓名、身份证号片段、“入户调查”"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            autoFocus
          />
          <button type="submit" className="primary" disabled={!draft.trim()}>
            检索
          </button>
        </form>
        {hits.data && <span className="muted">{hits.data.length >= 100 ? '只列出最新的 100 页，请再加几个字缩小范围' : `找到 ${hits.data.length} 页`}</span>}
      </header>
      {!text.trim() && <p className="empty card">输入两个字以上，在所有已识别的页面中查找。</p>}
      {hits.data?.length === 0 && <p className="empty card">没有页面含有“{text.trim()}”。</p>}
      {hits.data && hits.data.length > 0 && (
        <div className="card table-scroll fill">
          <table className="grid search-hits">
            <thead>
              <tr>
                <th>户主</th>
                <th>身份证号</th>
                <th>村(社区)</th>
                <th>文件</th>
                <th>页面文字</th>
              </tr>
            </thead>
            <tbody>
              {hits.data.map((hit) => (
                <HitRow key={hit.pageId} hit={hit} words={text.trim()} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function HitRow({ hit, words }: { hit: PageTextHit; words: string }) {
  const open = () => navigate(hit.householdId ? paths.household(hit.householdId, hit.pageId) : paths.inbox());
  return (
    <tr data-page={hit.pageId}>
      <td>
        <button type="button" className="link" onClick={open}>
          {hit.name ?? '收件箱中待归档'}
        </button>
      </td>
      <td className="mono">{hit.household ?? ''}</td>
      <td>{hit.village ?? ''}</td>
      <td>{hit.document ?? '未归入文件'}</td>
      <td className="wrap">{marked(hit.snippet, words)}</td>
    </tr>
  );
}

/** The snippet with the searched words marked where they appear literally. */
function marked(snippet: string, words: string) {
  const parts = snippet.split(words);
  return parts.flatMap((part, i) => (i === 0 ? [part] : [<mark key={i}>{words}</mark>, part]));
}
