// One page of a call's transcript (see TranscriptPage in transcript_pages.py): the lines come as a list of
// [who and when, what was said] and Vue draws them, escaping the text, so a page is one element however long.
export default {
  template: `
    <div class="flex flex-col gap-1 w-full">
      <div v-for="(line, index) in lines" :key="index" class="flex gap-2 no-wrap items-baseline">
        <span class="text-xs font-medium shrink-0">{{ line[0] }}</span>
        <span class="text-sm">{{ line[1] }}</span>
      </div>
    </div>`,
  props: {
    lines: Array,
  },
};
