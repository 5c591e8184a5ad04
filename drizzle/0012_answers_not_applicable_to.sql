-- An N/A that Clearance answers when an assessment starts, because the
-- question does not apply to the platform's kind (spec §6), names that kind
-- here; an answer a person gave leaves it empty. Answers saved before this
-- migration were all given by people.
ALTER TABLE `answers` ADD `not_applicable_to` text;
