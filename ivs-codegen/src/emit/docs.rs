//! Model documentation (HTML, as AWS writes it) to rustdoc Markdown.
//!
//! The parser is forgiving: unclosed tags close at their parent's end, stray closing tags
//! are dropped, unknown tags keep their text. The output has no raw HTML, and every `[`,
//! `]`, `<`, `>`, `*`, `_` and backtick in text is escaped, so rustdoc sees no HTML tags and
//! no intra-doc links that could break.

/// A parsed node.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Elem { name: String, href: Option<String>, children: Vec<Node> },
}

const VOID: &[&str] = &["br", "hr", "img", "wbr", "meta", "link", "input", "col", "area", "base", "source"];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "pre",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "note",
    "important",
    "blockquote",
    "section",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
];

/// Converts model documentation to Markdown lines (no trailing blank lines).
pub fn to_markdown(html: &str) -> Vec<String> {
    let tree = parse(html);
    let mut out = Vec::new();
    render_blocks(&tree, &mut out);
    while out.last().is_some_and(|l: &String| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l: &String| l.is_empty()) {
        out.remove(0);
    }
    // Collapse runs of blank lines.
    out.dedup_by(|a, b| a.is_empty() && b.is_empty());
    out
}

fn parse(html: &str) -> Vec<Node> {
    // Stack of open elements: (name, href, children).
    let mut stack: Vec<(String, Option<String>, Vec<Node>)> = vec![(String::new(), None, Vec::new())];
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text = String::new();
    let flush = |text: &mut String, stack: &mut Vec<(String, Option<String>, Vec<Node>)>| {
        if !text.is_empty() {
            if let Some(top) = stack.last_mut() {
                top.2.push(Node::Text(decode_entities(text)));
            }
            text.clear();
        }
    };
    while i < bytes.len() {
        if bytes[i] == b'<' {
            if html[i..].starts_with("<!--") {
                flush(&mut text, &mut stack);
                i = html[i..].find("-->").map(|e| i + e + 3).unwrap_or(bytes.len());
                continue;
            }
            if let Some((tag, end)) = read_tag(html, i) {
                flush(&mut text, &mut stack);
                i = end;
                if tag.closing {
                    if let Some(pos) = stack.iter().rposition(|(n, _, _)| *n == tag.name) {
                        if pos > 0 {
                            while stack.len() > pos {
                                close_top(&mut stack);
                            }
                        }
                    }
                    continue;
                }
                // A block element closes the inline elements left open before it (an unclosed
                // `<i>` does not swallow the next paragraph).
                if BLOCK.contains(&tag.name.as_str()) {
                    while stack.len() > 1 && stack.last().is_some_and(|(n, _, _)| !BLOCK.contains(&n.as_str())) {
                        close_top(&mut stack);
                    }
                }
                // Implied closes: a new <p> or <li> closes an open one at the same level.
                if matches!(tag.name.as_str(), "p" | "li" | "dt" | "dd") {
                    let closes: &[&str] = match tag.name.as_str() {
                        "p" => &["p"],
                        "li" => &["li", "p"],
                        _ => &["dt", "dd", "p"],
                    };
                    while stack.len() > 1 && stack.last().is_some_and(|(n, _, _)| closes.contains(&n.as_str())) {
                        close_top(&mut stack);
                    }
                }
                if tag.self_closing || VOID.contains(&tag.name.as_str()) {
                    if let Some(top) = stack.last_mut() {
                        top.2.push(Node::Elem { name: tag.name, href: tag.href, children: Vec::new() });
                    }
                } else {
                    stack.push((tag.name, tag.href, Vec::new()));
                }
                continue;
            }
        }
        let ch_len = html[i..].chars().next().map(char::len_utf8).unwrap_or(1);
        text.push_str(&html[i..i + ch_len]);
        i += ch_len;
    }
    flush(&mut text, &mut stack);
    while stack.len() > 1 {
        close_top(&mut stack);
    }
    stack.pop().map(|(_, _, c)| c).unwrap_or_default()
}

fn close_top(stack: &mut Vec<(String, Option<String>, Vec<Node>)>) {
    if let Some((name, href, children)) = stack.pop() {
        if let Some(parent) = stack.last_mut() {
            parent.2.push(Node::Elem { name, href, children });
        }
    }
}

struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    href: Option<String>,
}

/// Reads a tag starting at `start` (a `<`); `None` when the `<` does not start a tag.
fn read_tag(html: &str, start: usize) -> Option<(Tag, usize)> {
    let rest = &html[start + 1..];
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let name_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':')).unwrap_or(rest.len());
    if name_len == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name = rest[..name_len].to_ascii_lowercase();
    let after = &rest[name_len..];
    // Find the end of the tag, honouring quotes.
    let mut quote: Option<char> = None;
    let mut end = None;
    for (j, c) in after.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => {
                end = Some(j);
                break;
            }
            (None, '<') => return None,
            _ => {}
        }
    }
    let end = end?;
    let attrs = &after[..end];
    let self_closing = attrs.trim_end().ends_with('/');
    let consumed = start + 1 + usize::from(closing) + name_len + end + 1;
    Some((Tag { name, closing, self_closing, href: attr(attrs, "href") }, consumed))
}

fn attr(attrs: &str, key: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(key) {
        let at = from + pos;
        from = at + key.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = attrs[at + key.len()..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let v = rest[1..].trim_start();
        let value = if let Some(q) = v.strip_prefix('"') {
            q.split('"').next().unwrap_or_default()
        } else if let Some(q) = v.strip_prefix('\'') {
            q.split('\'').next().unwrap_or_default()
        } else {
            v.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or_default()
        };
        return Some(decode_entities(value.trim()));
    }
    None
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        // An entity is short: look for its `;` within the first dozen bytes (on a char
        // boundary, so multi-byte text right after a `&` is safe).
        let end = rest.char_indices().take_while(|(i, _)| *i < 12).find(|(_, c)| *c == ';').map(|(i, _)| i);
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = match ent {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                    u32::from_str_radix(&ent[2..], 16).ok().and_then(char::from_u32)
                }
                _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_block(n: &Node) -> bool {
    matches!(n, Node::Elem { name, .. } if BLOCK.contains(&name.as_str()))
}

/// Renders a sequence of nodes as blocks: runs of inline content become paragraphs.
fn render_blocks(nodes: &[Node], out: &mut Vec<String>) {
    let mut inline: Vec<&Node> = Vec::new();
    for n in nodes {
        if is_block(n) {
            flush_paragraph(&inline, out);
            inline.clear();
            render_block(n, out);
        } else {
            inline.push(n);
        }
    }
    flush_paragraph(&inline, out);
}

fn flush_paragraph(inline: &[&Node], out: &mut Vec<String>) {
    let mut s = String::new();
    for n in inline {
        render_inline(n, &mut s);
    }
    let text = collapse(&s);
    if !text.is_empty() {
        blank(out);
        out.push(escape_line_start(&text));
        out.push(String::new());
    }
}

fn blank(out: &mut Vec<String>) {
    if out.last().is_some_and(|l| !l.is_empty()) {
        out.push(String::new());
    }
}

fn render_block(n: &Node, out: &mut Vec<String>) {
    let Node::Elem { name, children, .. } = n else { return };
    match name.as_str() {
        "ul" | "ol" => {
            blank(out);
            let mut number = 1;
            for child in children {
                let (marker, item_children): (String, Vec<Node>) = match child {
                    Node::Elem { name, children, .. } if name == "li" => {
                        let m = if name_is(n, "ol") { format!("{number}. ") } else { "- ".to_string() };
                        (m, children.clone())
                    }
                    Node::Text(t) if t.trim().is_empty() => continue,
                    other => {
                        (if name_is(n, "ol") { format!("{number}. ") } else { "- ".to_string() }, vec![other.clone()])
                    }
                };
                number += 1;
                let mut inner = Vec::new();
                render_blocks(&item_children, &mut inner);
                while inner.first().is_some_and(String::is_empty) {
                    inner.remove(0);
                }
                while inner.last().is_some_and(String::is_empty) {
                    inner.pop();
                }
                let indent = " ".repeat(marker.len());
                if inner.is_empty() {
                    out.push(marker.trim_end().to_string());
                    continue;
                }
                for (k, line) in inner.into_iter().enumerate() {
                    if k == 0 {
                        out.push(format!("{marker}{line}"));
                    } else if line.is_empty() {
                        out.push(String::new());
                    } else {
                        out.push(format!("{indent}{line}"));
                    }
                }
            }
            out.push(String::new());
        }
        "pre" => {
            let mut s = String::new();
            raw_text(children, &mut s);
            let body = s.trim_matches('\n');
            if !body.trim().is_empty() {
                blank(out);
                let fence = "`".repeat(longest_backtick_run(body).max(2) + 1);
                out.push(format!("{fence}text"));
                out.extend(body.lines().map(|l| l.trim_end().to_string()));
                out.push(fence);
                out.push(String::new());
            }
        }
        "note" | "important" => {
            let mut inner = Vec::new();
            render_blocks(children, &mut inner);
            let label = if name == "note" { "**Note:**" } else { "**Important:**" };
            blank(out);
            let mut first = true;
            for line in inner {
                if first && !line.is_empty() {
                    out.push(format!("{label} {line}"));
                    first = false;
                } else if !first {
                    out.push(line);
                }
            }
            out.push(String::new());
        }
        // Headings and definition terms become bold paragraphs.
        h if (h.len() == 2 && h.starts_with('h')) || h == "dt" => {
            let t = inline_text(children);
            if !t.is_empty() {
                blank(out);
                out.push(format!("**{t}**"));
                out.push(String::new());
            }
        }
        _ => render_blocks(children, out),
    }
}

fn name_is(n: &Node, want: &str) -> bool {
    matches!(n, Node::Elem { name, .. } if name == want)
}

fn raw_text(nodes: &[Node], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Elem { name, children, .. } => {
                if name == "br" {
                    out.push('\n');
                }
                raw_text(children, out);
            }
        }
    }
}

/// Inline content rendered as Markdown, white space collapsed.
fn inline_text(nodes: &[Node]) -> String {
    let mut s = String::new();
    for n in nodes {
        render_inline(n, &mut s);
    }
    collapse(&s)
}

fn plain_text(nodes: &[Node]) -> String {
    let mut s = String::new();
    raw_text(nodes, &mut s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Renders inline content into `out` as Markdown (already escaped).
fn render_inline(n: &Node, out: &mut String) {
    match n {
        Node::Text(t) => push_text(out, t),
        Node::Elem { name, href, children } => match name.as_str() {
            "code" | "tt" | "kbd" | "samp" | "var" => push_code(out, &plain_text(children)),
            "a" => {
                let text = inline_text(children);
                match href.as_deref().map(str::trim).filter(|h| is_external(h)) {
                    Some(h) => {
                        let dest = if h.contains([' ', '(', ')', '<', '>']) {
                            format!("<{}>", h.replace(['<', '>'], ""))
                        } else {
                            h.to_string()
                        };
                        if text.is_empty() {
                            out.push_str(&format!("<{}>", h.replace(['<', '>', ' '], "")));
                        } else {
                            out.push_str(&format!("[{text}]({dest})"));
                        }
                    }
                    None if href.is_some() => out.push_str(&text),
                    None => push_code(out, &plain_text(children)),
                }
            }
            "b" | "strong" => wrap(out, children, "**"),
            "i" | "em" => wrap(out, children, "*"),
            "br" => out.push(' '),
            _ => {
                for c in children {
                    render_inline(c, out);
                }
            }
        },
    }
}

fn is_external(h: &str) -> bool {
    h.starts_with("https://") || h.starts_with("http://") || h.starts_with("mailto:")
}

fn wrap(out: &mut String, children: &[Node], mark: &str) {
    let mut s = String::new();
    for c in children {
        render_inline(c, &mut s);
    }
    let t = collapse(&s);
    if t.is_empty() {
        return;
    }
    // Keep surrounding spaces outside the markers so the emphasis still opens and closes.
    if s.starts_with(char::is_whitespace) {
        out.push(' ');
    }
    out.push_str(mark);
    out.push_str(&t);
    out.push_str(mark);
    if s.ends_with(char::is_whitespace) {
        out.push(' ');
    }
}

fn longest_backtick_run(s: &str) -> usize {
    let (mut best, mut cur) = (0, 0);
    for c in s.chars() {
        if c == '`' {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

fn push_code(out: &mut String, code: &str) {
    let code = code.trim();
    if code.is_empty() {
        return;
    }
    let fence = "`".repeat(longest_backtick_run(code) + 1);
    if fence.len() > 1 || code.starts_with('`') || code.ends_with('`') {
        out.push_str(&format!("{fence} {code} {fence}"));
    } else {
        out.push_str(&format!("`{code}`"));
    }
}

/// Escapes text for Markdown; bare URLs become autolinks.
fn push_text(out: &mut String, text: &str) {
    for (k, word) in text.split(char::is_whitespace).enumerate() {
        if k > 0 {
            out.push(' ');
        }
        if let Some(start) = word.find("https://").or_else(|| word.find("http://")) {
            let (pre, url) = word.split_at(start);
            let url_end = url.trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '"', '\'']).len();
            let (url, post) = url.split_at(url_end);
            escape_into(out, pre);
            out.push('<');
            out.push_str(&url.replace(['<', '>'], ""));
            out.push('>');
            escape_into(out, post);
        } else {
            escape_into(out, word);
        }
    }
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes what would make a paragraph's first characters a heading, list or quote.
fn escape_line_start(line: &str) -> String {
    let first = line.chars().next();
    match first {
        Some('#' | '-' | '+' | '=' | '~') => format!("\\{line}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = line.find(|c: char| !c.is_ascii_digit()).unwrap_or(line.len());
            match line[digits..].chars().next() {
                Some('.' | ')') => format!("{}\\{}", &line[..digits], &line[digits..]),
                _ => line.to_string(),
            }
        }
        _ => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    fn md(html: &str) -> String {
        to_markdown(html).join("\n")
    }

    #[test]
    fn paragraphs_code_and_links() {
        assert_eq!(
            md("<p>Performs <a>StartViewerSessionRevocation</a> on pairs.</p>"),
            "Performs `StartViewerSessionRevocation` on pairs."
        );
        assert_eq!(md("<p>One.</p><p>Two <code>x</code>.</p>"), "One.\n\nTwo `x`.");
        assert_eq!(
            md(r#"<p>See <a href="https://docs.aws.amazon.com/ivs/">the guide</a>.</p>"#),
            "See [the guide](https://docs.aws.amazon.com/ivs/)."
        );
        assert_eq!(md("<p>A <a href=\"Channel\">channel</a></p>"), "A channel");
    }

    #[test]
    fn escapes_brackets_and_angles() {
        assert_eq!(
            md("<p>Use [a-z] and <code>a[0] &lt; b</code> &amp; x_y*</p>"),
            "Use \\[a-z\\] and `a[0] < b` & x\\_y\\*"
        );
        assert_eq!(md("<p>Value &lt;b&gt; not a tag</p>"), "Value \\<b\\> not a tag");
        assert_eq!(md("a < b and c > d"), "a \\< b and c \\> d");
    }

    #[test]
    fn nested_lists() {
        let got = md("<p>Kinds:</p><ul><li><p>A</p><ul><li>a1</li><li>a2</li></ul></li><li>B</li></ul><p>End</p>");
        assert_eq!(got, "Kinds:\n\n- A\n\n  - a1\n  - a2\n- B\n\nEnd");
        assert_eq!(md("<ol><li>one<li>two</ol>"), "1. one\n2. two");
    }

    #[test]
    fn unclosed_and_stray_tags() {
        assert_eq!(md("<p>open <b>bold"), "open **bold**");
        assert_eq!(md("text</p></ul> more"), "text more");
        assert_eq!(md("<p/>"), "");
        assert_eq!(md("<p>a<br/>b</p>"), "a b");
        assert_eq!(md("<p>Unclosed <i>italic <p>Next</p>"), "Unclosed *italic*\n\nNext");
    }

    #[test]
    fn arbitrary_text_never_panics() {
        let pieces = [
            "<",
            ">",
            "&",
            ";",
            "&#",
            "&#x",
            "é",
            "😀",
            "<a href='",
            "\"",
            "<p>",
            "</p>",
            "<ul>",
            "<li>",
            "</ul>",
            "<code>",
            "</code>",
            "`",
            "[",
            "]",
            "<pre>",
            "</pre>",
            "<!--",
            "-->",
            "<br/>",
            "&amp",
            "x",
            " ",
            "\n",
            "<i>",
            "</b>",
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..5000 {
            let mut s = String::new();
            for _ in 0..(state % 24) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                s.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            let out = to_markdown(&s);
            assert!(out.iter().all(|l| !l.contains('\n')), "{s:?}");
        }
        assert_eq!(md("&aé;x"), "&aé;x");
        // A multi-byte character across the twelfth byte after `&`.
        assert_eq!(md("&abcdefghijé;"), "&abcdefghijé;");
    }

    #[test]
    fn code_with_backticks_and_bare_urls() {
        assert_eq!(md("<code>a`b</code>"), "``` a`b ```".replace("```", "``"));
        assert_eq!(md("see https://example.com/x_y."), "see <https://example.com/x_y>.");
        assert_eq!(md("<p>- not a list</p>"), "\\- not a list");
        assert_eq!(md("<p>1. not a list</p>"), "1\\. not a list");
    }
}
