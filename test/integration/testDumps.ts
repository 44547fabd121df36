// Small paper dumps written into the fixture workspace by the integration suites.

const FILLER =
  ' We describe the setup, the data, the training procedure and the evaluation in detail, compare against strong baselines on' +
  ' several public benchmarks, and report consistent improvements together with ablations that isolate each component.';

/** A dump in the Hugging Face daily-papers layout (title, abstract, `N authors · date`), one block per paper. */
export function testDump(papers: readonly { title: string; abstract: string }[]): string {
  const entries = papers.map((p, i) => `${p.title}\n\n${p.abstract}${FILLER}\n\n  • ${i + 2} authors\n·\nJan ${i + 5}, 2024\n`);
  return `Daily Papers\n\n${entries.join('\n')}`;
}
