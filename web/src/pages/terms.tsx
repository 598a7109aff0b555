import { useRoute } from 'preact-iso';
import { graphql } from '../gql';
import { query } from '../api';
import { fullDay } from '../format';
import { Loading, Notice, Title, useLoad } from '../ui';

const CurrentTermsDoc = graphql(`
  query CurrentTerms {
    currentTerms {
      ...TermsText
    }
  }
`);

const TermsVersionDoc = graphql(`
  query TermsVersion($id: ID!) {
    termsVersion(id: $id) {
      ...TermsText
    }
  }
`);

graphql(`
  fragment TermsText on TermsVersion {
    id
    title
    effectiveFrom
    text
    inForce
  }
`);

/** 利用規約: /terms (in force) and /terms/{id} (any version). */
export function Terms() {
  const { params } = useRoute();
  const id = params.id;
  const { data, errors } = useLoad(async () => {
    if (!id) {
      const r = await query(CurrentTermsDoc, {});
      return r.errors ? r : { data: r.data.currentTerms };
    }
    const r = await query(TermsVersionDoc, { id });
    return r.errors ? r : { data: r.data.termsVersion };
  }, [id]);
  return (
    <>
      <Title>利用規約</Title>
      {data === undefined ? (
        <Loading errors={errors} />
      ) : data === null ? (
        <Notice kind="error">この版の利用規約は見つかりませんでした。</Notice>
      ) : (
        <article class="terms">
          <p class="terms-meta">
            {data.title}（{fullDay(`${data.effectiveFrom}T00:00:00+09:00`)}から適用）{data.inForce ? '' : '　※現在適用されている版ではありません。'}
          </p>
          {data.text
            .split(/\n\s*\n/)
            .filter((p) => p.trim())
            .map((p, i) => (
              <p key={i} class="terms-para">
                {p.trim()}
              </p>
            ))}
          {!data.inForce && (
            <p>
              <a href="/terms">現在の利用規約を見る</a>
            </p>
          )}
        </article>
      )}
    </>
  );
}
