-- A published or retired template version is immutable: assessments and
-- committee decisions cite it. The server refuses such changes with a clear
-- message; these triggers make sure no other path can make them either.
CREATE TRIGGER `template_versions_frozen_content` BEFORE UPDATE ON `template_versions`
WHEN OLD.status <> 'draft' AND (
	NEW.json IS NOT OLD.json OR NEW.sha256 IS NOT OLD.sha256 OR NEW.version IS NOT OLD.version
	OR NEW.template_id IS NOT OLD.template_id OR NEW.based_on_id IS NOT OLD.based_on_id
	OR NEW.created_at IS NOT OLD.created_at OR NEW.published_at IS NOT OLD.published_at
)
BEGIN
	SELECT RAISE(ABORT, 'a published template version cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `template_versions_forward_only` BEFORE UPDATE OF status ON `template_versions`
WHEN NOT (
	OLD.status = NEW.status
	OR (OLD.status = 'draft' AND NEW.status = 'published')
	OR (OLD.status = 'published' AND NEW.status = 'retired')
)
BEGIN
	SELECT RAISE(ABORT, 'template versions go draft → published → retired only');
END;
--> statement-breakpoint
CREATE TRIGGER `template_versions_no_delete` BEFORE DELETE ON `template_versions`
WHEN OLD.status <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'only a draft template version can be deleted');
END;
