import { graphql } from '../gql';
import { query } from '../api';
import { Loading, Title, useLoad } from '../ui';

const GuideQuery = graphql(`
  query Guide {
    office {
      name
      opensAt
      closesAt
      sessionMinutes
      noticeOfficeDays
      horizonDays
      noShowGraceMinutes
      contactPhone
      contactHours
    }
  }
`);

/** ご利用案内: hours, the notice rule, what the device needs, whom to call. */
export function Guide() {
  const { data, errors } = useLoad(() => query(GuideQuery, {}), []);
  const o = data?.office;
  return (
    <>
      <Title>ご利用案内</Title>
      <p class="lead">
        オンライン職業相談は、ハローワークの職員と Zoom（ズーム）でお話しできる、無料の職業相談です。1回30分です。
      </p>
      {!o ? (
        <Loading errors={errors} />
      ) : (
        <>
          <section aria-labelledby="g-hours">
            <h2 id="g-hours">相談できる日と時間</h2>
            <p>
              開庁日（土曜日・日曜日・祝日・年末年始を除く日）の {o.opensAt}〜{o.closesAt} です。1回 {o.sessionMinutes} 分です。
            </p>
            <p>ご予約は {o.horizonDays} 日先まで受け付けています。</p>
          </section>
          <section aria-labelledby="g-notice">
            <h2 id="g-notice">ご予約の期限</h2>
            <p>
              ご予約は、相談日の {o.noticeOfficeDays} 開庁日前までに確定してください。たとえば水曜日に相談する場合は、その週の月曜日までにご予約ください（祝日がある週は、さらに前になります）。
            </p>
            <p>
              このサイトでご予約いただくと、予約確定のメールをお送りした時点でご予約が確定します。電話やメールでお申し込みの場合は、お送りするメールに期限までにお返事をいただくと確定します。
            </p>
            <p>
              ご連絡がないまま開始時刻を {o.noShowGraceMinutes} 分過ぎると、キャンセルとみなします。
            </p>
          </section>
          <section aria-labelledby="g-device">
            <h2 id="g-device">ご用意いただくもの</h2>
            <ul>
              <li>カメラとマイクが使えるパソコンまたはスマートフォン</li>
              <li>Zoom（ズーム）のアプリ</li>
              <li>安全なインターネット接続（無料の公衆無線LANなど、安全かどうか分からない接続は使えません）</li>
              <li>パソコンの場合：サポート期間中の OS、最新の更新、ファイアウォールとウイルス対策ソフトが有効なこと</li>
              <li>ハローワーク受付票（求職番号が書いてあります）</li>
            </ul>
            <p>ご予約のあと、予約の詳細ページから接続環境の確認ができます。</p>
          </section>
          <section aria-labelledby="g-contact">
            <h2 id="g-contact">お問い合わせ・お電話でのキャンセル</h2>
            <p>
              {o.name}
              <br />
              電話：<a href={`tel:${o.contactPhone.replace(/-/g, '')}`}>{o.contactPhone}</a>
              {o.contactHours && <>（{o.contactHours}）</>}
            </p>
          </section>
        </>
      )}
      <section aria-labelledby="g-steps">
        <h2 id="g-steps">ご利用の流れ</h2>
        <ol>
          <li>
            <a href="/signup">新規登録</a>をして、届いたメールのリンクを開きます。
          </li>
          <li>ハローワークで求職登録の確認ができると、ご予約できるようになります。</li>
          <li>
            <a href="/slots">空き状況</a>から日時を選んでご予約ください。
          </li>
          <li>当日は、開始15分前から「待合室に入る」を押してお待ちください。</li>
        </ol>
        <p>
          ご利用の前に<a href="/terms">利用規約</a>をお読みください。
        </p>
      </section>
    </>
  );
}
