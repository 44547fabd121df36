// Small paper dumps written into the fixture workspace by the integration suites.

const FILLER =
  ' We describe the setup, the data, the training procedure and the evaluation in detail, compare against strong baselines on' +
  ' several public benchmarks, and report consistent improvements together with ablations that isolate each component.';

/** A dump in the Hugging Face daily-papers layout (title, abstract, `N authors · date`), one block per paper. */
export function testDump(papers: readonly { title: string; abstract: string }[]): string {
  return `Daily Papers\n\n${papers.map((p, i) => testBlock(p, i + 2, `Jan ${i + 5}, 2024`)).join('\n')}`;
}

/** One paper's block of {@link testDump}. */
export function testBlock(paper: { title: string; abstract: string }, authors: number, date: string): string {
  return `${paper.title}\n\n${paper.abstract}${FILLER}\n\n  • ${authors} authors\n·\n${date}\n`;
}
