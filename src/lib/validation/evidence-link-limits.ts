// The bounds of an evidence link, apart from its zod schema so that the
// forms' maxlength can use them without bringing zod into the page's script.
export const MAX_LINK_LENGTH = 2000;
export const MAX_LINK_LABEL = 200;
