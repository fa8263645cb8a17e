// A friendly error in place of results: never a stack trace.
export function ErrorMessage({ title, message }: { title: string; message: string }) {
  return (
    <section id="results" class="error" role="alert" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/">返回首页</a>
      </p>
    </section>
  );
}
