/** A form as the server rendered it: which Server Action it calls and what it sends. */
export type RenderedForm = {
  page: string;
  actionId: string;
  /** Called through useActionState: (previousState, formData) rather than (formData). */
  stateful: boolean;
  /** Next's own hidden fields, which a browser without JavaScript posts back. */
  actionFields: [string, string][];
  /** The form's own fields, hidden ones included. */
  fields: string[];
};

const decodeEntities = (value: string) =>
  value
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");

/** Every Server Action form in a page's HTML. */
export function renderedForms(html: string, page: string): RenderedForm[] {
  const forms: RenderedForm[] = [];
  for (const [form] of html.matchAll(/<form[\s\S]*?<\/form>/g)) {
    const actionFields: [string, string][] = [];
    const fields = new Set<string>();
    let actionId: string | undefined;
    let stateful = false;
    for (const [tag] of form.matchAll(/<(?:input|select|textarea|button)\b[^>]*>/g)) {
      const name = /\bname="([^"]*)"/.exec(tag)?.[1];
      if (!name) continue;
      const value = decodeEntities(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? "");
      if (name.startsWith("$ACTION")) {
        actionFields.push([name, value]);
        const plainId = /^\$ACTION_ID_(\w+)$/.exec(name)?.[1];
        if (plainId) actionId = plainId;
        if (/^\$ACTION_\d+:0$/.test(name)) {
          actionId = (JSON.parse(value) as { id: string }).id;
          stateful = true;
        }
      } else {
        fields.add(name);
      }
    }
    if (actionId) forms.push({ page, actionId, stateful, actionFields, fields: [...fields] });
  }
  return forms;
}
