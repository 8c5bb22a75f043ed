//! The IDL tokenizer: one token at a time, with line and column (1-based, in characters)
//! as the reference loader counts them, and the pending `///` documentation lines.

/// A token kind, named as the reference loader names them in its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Space,
    Newline,
    Comma,
    Comment,
    DocComment,
    At,
    Str,
    TextBlock,
    Colon,
    Walrus,
    Ident,
    Dot,
    Pound,
    Dollar,
    Number,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Equal,
    Eof,
    Error,
}

impl Tok {
    fn name(self) -> &'static str {
        match self {
            Tok::Space => "SPACE",
            Tok::Newline => "NEWLINE",
            Tok::Comma => "COMMA",
            Tok::Comment => "COMMENT",
            Tok::DocComment => "DOC_COMMENT",
            Tok::At => "AT",
            Tok::Str => "STRING",
            Tok::TextBlock => "TEXT_BLOCK",
            Tok::Colon => "COLON",
            Tok::Walrus => "WALRUS",
            Tok::Ident => "IDENTIFIER",
            Tok::Dot => "DOT",
            Tok::Pound => "POUND",
            Tok::Dollar => "DOLLAR",
            Tok::Number => "NUMBER",
            Tok::LBrace => "LBRACE",
            Tok::RBrace => "RBRACE",
            Tok::LBracket => "LBRACKET",
            Tok::RBracket => "RBRACKET",
            Tok::LParen => "LPAREN",
            Tok::RParen => "RPAREN",
            Tok::Equal => "EQUAL",
            Tok::Eof => "EOF",
            Tok::Error => "ERROR",
        }
    }

    fn example(self) -> &'static str {
        match self {
            Tok::Space => " ",
            Tok::Newline => "\\n",
            Tok::Comma => ",",
            Tok::Comment => "//",
            Tok::DocComment => "///",
            Tok::At => "@",
            Tok::Str => "\"",
            Tok::TextBlock => "\"\"\"",
            Tok::Colon => ":",
            Tok::Walrus => ":=",
            Tok::Dot => ".",
            Tok::Pound => "#",
            Tok::Dollar => "$",
            Tok::LBrace => "{",
            Tok::RBrace => "}",
            Tok::LBracket => "[",
            Tok::RBracket => "]",
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::Equal => "=",
            Tok::Ident | Tok::Number | Tok::Eof | Tok::Error => "",
        }
    }

    /// `NAME('lexeme')`, or `NAME` for an empty lexeme.
    pub fn debug(self, lexeme: &str) -> String {
        if lexeme.is_empty() {
            self.name().to_string()
        } else {
            format!("{}('{}')", self.name(), lexeme)
        }
    }

    /// The token as an expectation: `IDENTIFIER`, `LBRACE('{')`.
    pub fn expected(self) -> String {
        self.debug(self.example())
    }

    /// Spaces, newlines, commas and plain comments.
    pub fn is_ws(self) -> bool {
        matches!(self, Tok::Space | Tok::Newline | Tok::Comma | Tok::Comment)
    }
}

/// A syntax error at a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, SyntaxError>;

pub struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    line: usize,
    col: usize,
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
    pub tline: usize,
    pub tcol: usize,
    /// The decoded text of a string or text block.
    pub text: String,
    pub error: String,
    /// The pending documentation lines, joined by line breaks (`has_docs`: any at all).
    docs: String,
    has_docs: bool,
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

fn is_alpha(c: char) -> bool {
    c.is_ascii_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c == '_' || is_alpha(c) || is_digit(c)
}

#[allow(clippy::should_implement_trait)]
impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Lexer<'a> {
        let mut l = Lexer {
            src,
            b: src.as_bytes(),
            pos: 0,
            line: 1,
            col: 1,
            tok: Tok::Eof,
            start: 0,
            end: 0,
            tline: 1,
            tcol: 1,
            text: String::new(),
            error: String::new(),
            docs: String::new(),
            has_docs: false,
        };
        l.next();
        l
    }

    /// The character starting `n` bytes ahead (the callers look past ASCII only).
    fn peek_at(&self, n: usize) -> Option<char> {
        let i = self.pos + n;
        let b = *self.b.get(i)?;
        if b < 0x80 {
            Some(b as char)
        } else {
            self.src.get(i..)?.chars().next()
        }
    }

    fn peek(&self) -> Option<char> {
        self.peek_at(0)
    }

    fn skip(&mut self) {
        if let Some(c) = self.peek() {
            self.pos += c.len_utf8();
            if c == '\n' || (c == '\r' && self.peek() != Some('\n')) {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += if c as u32 > 0xFFFF { 2 } else { 1 };
            }
        }
    }

    /// The lexeme of the current token.
    pub fn lexeme(&self) -> String {
        self.src[self.start..self.end].to_string()
    }

    pub fn slice(&self, start: usize, end: usize) -> String {
        self.src[start..end.max(start)].to_string()
    }

    /// Moves to byte `end` (a character boundary), counting lines and columns as `skip` does.
    fn advance_to(&mut self, end: usize) {
        let b = self.b;
        for i in self.pos..end {
            let c = b[i];
            if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                self.line += 1;
                self.col = 1;
            } else if c >= 0xF0 {
                // Beyond the BMP: two UTF-16 units, as the reference counts columns.
                self.col += 2;
            } else if c & 0xC0 != 0x80 {
                self.col += 1;
            }
        }
        self.pos = end;
    }

    /// The position just after the current token.
    pub fn position(&self) -> usize {
        self.pos
    }

    pub fn span(&self) -> usize {
        self.end - self.start
    }

    pub fn has_next(&self) -> bool {
        self.tok != Tok::Eof
    }

    pub fn next(&mut self) -> Tok {
        self.text.clear();
        self.tline = self.line;
        self.tcol = self.col;
        self.start = self.pos;
        let tok = match self.peek() {
            None => Tok::Eof,
            Some(c) => match c {
                ' ' | '\t' => {
                    let mut i = self.pos;
                    while i < self.b.len() && matches!(self.b[i], b' ' | b'\t') {
                        i += 1;
                    }
                    // ASCII: one column a byte.
                    self.col += i - self.pos;
                    self.pos = i;
                    Tok::Space
                }
                '\r' | '\n' => {
                    if c == '\r' && self.peek_at(1) == Some('\n') {
                        self.skip();
                    }
                    self.skip();
                    Tok::Newline
                }
                ',' => self.single(Tok::Comma),
                '@' => self.single(Tok::At),
                '$' => self.single(Tok::Dollar),
                '.' => self.single(Tok::Dot),
                '{' => self.single(Tok::LBrace),
                '}' => self.single(Tok::RBrace),
                '[' => self.single(Tok::LBracket),
                ']' => self.single(Tok::RBracket),
                '(' => self.single(Tok::LParen),
                ')' => self.single(Tok::RParen),
                '#' => self.single(Tok::Pound),
                '=' => self.single(Tok::Equal),
                ':' => {
                    self.skip();
                    if self.peek() == Some('=') {
                        self.skip();
                        Tok::Walrus
                    } else {
                        Tok::Colon
                    }
                }
                '"' => self.string(),
                '/' => self.comment(),
                '-' | '0'..='9' => self.number(),
                'A'..='Z' | 'a'..='z' | '_' => self.identifier(),
                other => {
                    self.error = format!("Unexpected character: '{other}'");
                    // Perhaps not ASCII: a whole character.
                    self.skip();
                    Tok::Error
                }
            },
        };
        self.end = self.pos;
        self.tok = tok;
        if tok == Tok::DocComment {
            let span = self.end - self.start;
            let doc_start = if span <= 3 {
                self.start
            } else if self.b[self.start + 3] == b' ' {
                self.start + 4
            } else {
                self.start + 3
            };
            let mut end = self.end;
            if end > 0 && self.b[end - 1] == b'\n' {
                end -= 1;
                if end > 0 && self.b[end - 1] == b'\r' {
                    end -= 1;
                }
            }
            if self.has_docs {
                self.docs.push('\n');
            }
            self.docs.push_str(&self.src[doc_start..end.max(doc_start)]);
            self.has_docs = true;
        }
        tok
    }

    /// A one-byte ASCII token.
    fn single(&mut self, t: Tok) -> Tok {
        self.pos += 1;
        self.col += 1;
        t
    }

    fn comment(&mut self) -> Tok {
        self.skip();
        if self.peek() != Some('/') {
            self.error = "Expected a '/' to follow '/' to form a comment.".to_string();
            return Tok::Error;
        }
        self.skip();
        let mut t = Tok::Comment;
        if self.peek() == Some('/') {
            self.skip();
            t = Tok::DocComment;
        }
        let rest = &self.b[self.pos..];
        match rest.iter().position(|&c| c == b'\n' || c == b'\r') {
            // The line break just after resets the column: no need to count it.
            Some(n) => self.pos += n,
            None => self.advance_to(self.b.len()),
        }
        match self.peek() {
            Some('\r') => {
                self.skip();
                if self.peek() == Some('\n') {
                    self.skip();
                }
            }
            Some('\n') => self.skip(),
            _ => {}
        }
        t
    }

    fn number(&mut self) -> Tok {
        let start = self.pos;
        let fail = |l: &mut Lexer, why: &str| {
            let lexeme = l.slice(start, l.pos);
            l.error = format!("Invalid number '{lexeme}': {why}");
            Tok::Error
        };
        if self.peek() == Some('-') {
            self.skip();
            if !self.peek().is_some_and(is_digit) {
                return fail(self, "'-' must be followed by a digit");
            }
        }
        while self.peek().is_some_and(is_digit) {
            self.skip();
        }
        if self.peek() == Some('.') {
            self.skip();
            let mut n = 0;
            while self.peek().is_some_and(is_digit) {
                self.skip();
                n += 1;
            }
            if n == 0 {
                return fail(self, "'.' must be followed by a digit");
            }
        }
        if matches!(self.peek(), Some('e') | Some('E')) {
            self.skip();
            if matches!(self.peek(), Some('+') | Some('-')) {
                self.skip();
            }
            let mut n = 0;
            while self.peek().is_some_and(is_digit) {
                self.skip();
                n += 1;
            }
            if n == 0 {
                return fail(self, "'e', '+', and '-' must be followed by a digit");
            }
        }
        self.text = self.slice(start, self.pos);
        Tok::Number
    }

    fn identifier(&mut self) -> Tok {
        let c = self.peek().unwrap_or('\0');
        if c == '_' {
            while self.peek() == Some('_') {
                self.skip();
            }
            if !self.peek().is_some_and(is_ident_char) {
                return self.bad_ident();
            }
        } else if !is_alpha(c) {
            return self.bad_ident();
        }
        self.skip();
        let mut i = self.pos;
        while i < self.b.len() && is_ident_char(self.b[i] as char) {
            i += 1;
        }
        // ASCII: one column a byte.
        self.col += i - self.pos;
        self.pos = i;
        Tok::Ident
    }

    fn bad_ident(&mut self) -> Tok {
        let found = match self.peek() {
            None => "[EOF]".to_string(),
            Some(c) => c.to_string(),
        };
        self.error = format!(
            "Syntax error at line {}, column {}: Expected a valid identifier character, but found '{found}'",
            self.line, self.col
        );
        Tok::Error
    }

    fn string(&mut self) -> Tok {
        self.skip();
        if self.peek() == Some('"') {
            self.skip();
            if self.peek() == Some('"') {
                self.skip();
                return match self.quoted(true) {
                    Ok(s) => {
                        self.text = s;
                        Tok::TextBlock
                    }
                    Err(e) => {
                        self.error = format!("Error parsing text block: {e}");
                        Tok::Error
                    }
                };
            }
            return Tok::Str;
        }
        match self.quoted(false) {
            Ok(s) => {
                self.text = s;
                Tok::Str
            }
            Err(e) => {
                self.error = format!("Error parsing quoted string: {e}");
                Tok::Error
            }
        }
    }

    fn quoted(&mut self, triple: bool) -> std::result::Result<String, String> {
        let start = self.pos;
        let b = self.b;
        let mut i = start;
        // One pass: the closing quote, lines and columns (as `advance_to` counts them), and
        // whether the contents need decoding (escapes, carriage returns, control characters).
        let (mut line, mut col) = (self.line, self.col);
        let mut plain = !triple;
        // Lines and columns past one byte that is not plain printable ASCII.
        let account = |c: u8, next: Option<&u8>, line: &mut usize, col: &mut usize, plain: &mut bool| {
            if c == b'\n' {
                *line += 1;
                *col = 1;
            } else if c < 0x20 {
                if c == b'\r' && next != Some(&b'\n') {
                    *line += 1;
                    *col = 1;
                } else {
                    *col += 1;
                }
                if c != b'\t' {
                    *plain = false;
                }
            } else if c >= 0xF0 {
                // Beyond the BMP: two UTF-16 units, as the reference counts columns.
                *col += 2;
            } else if c & 0xC0 != 0x80 {
                *col += 1;
            }
        };
        loop {
            // A run of printable ASCII that is neither a quote nor a backslash: a column each.
            let run = i;
            while let Some(&c) = b.get(i) {
                if (0x20..0x80).contains(&c) && c != b'"' && c != b'\\' {
                    i += 1;
                } else {
                    break;
                }
            }
            col += i - run;
            let Some(&c) = b.get(i) else { break };
            if c == b'"' {
                if !triple || (b.get(i + 1) == Some(&b'"') && b.get(i + 2) == Some(&b'"')) {
                    break;
                }
                col += 1;
                i += 1;
            } else if c == b'\\' {
                // The escaped byte goes with it (the rest of a multi-byte character is never
                // a quote).
                plain = false;
                col += 1;
                i += 1;
                let Some(&e) = b.get(i) else { break };
                account(e, b.get(i + 1), &mut line, &mut col, &mut plain);
                i += 1;
            } else {
                account(c, b.get(i + 1), &mut line, &mut col, &mut plain);
                i += 1;
            }
        }
        (self.line, self.col, self.pos) = (line, col, i);
        let raw = &self.src[start..self.pos];
        for _ in 0..(if triple { 3 } else { 1 }) {
            if self.peek() != Some('"') {
                let found = match self.peek() {
                    None => "[EOF]".to_string(),
                    Some(c) => c.to_string(),
                };
                return Err(format!(
                    "Syntax error at line {}, column {}: Expected: '\"', but found '{found}'",
                    self.line, self.col
                ));
            }
            self.skip();
        }
        if plain {
            return Ok(raw.to_string());
        }
        scan_string(raw, triple)
    }

    /// The pending documentation lines, joined.
    pub fn take_docs(&mut self) -> Option<String> {
        if !self.has_docs {
            return None;
        }
        self.has_docs = false;
        Some(std::mem::take(&mut self.docs))
    }

    pub fn clear_docs(&mut self) {
        self.docs.clear();
        self.has_docs = false;
    }

    pub fn err(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError { line: self.tline, column: self.tcol, message: message.into() }
    }

    fn expect_message(&self, toks: &[Tok]) -> String {
        if self.tok == Tok::Error {
            return self.error.clone();
        }
        let found = self.tok.debug(&self.lexeme());
        if toks.len() == 1 {
            format!("Expected {} but found {found}", toks[0].expected())
        } else {
            let list: Vec<String> = toks.iter().map(|t| t.expected()).collect();
            format!("Expected one of {}; but found {found}", list.join(", "))
        }
    }

    pub fn expect(&self, toks: &[Tok]) -> Result<Tok> {
        if toks.contains(&self.tok) {
            Ok(self.tok)
        } else {
            Err(self.err(self.expect_message(toks)))
        }
    }

    pub fn is_lexeme(&self, s: &str) -> bool {
        self.tok == Tok::Ident && self.end - self.start == s.len() && &self.src[self.start..self.end] == s
    }

    pub fn skip_spaces(&mut self) {
        while self.tok == Tok::Space {
            self.next();
        }
    }

    pub fn skip_optional_comma(&mut self) {
        if self.tok == Tok::Comma {
            self.next();
        }
    }

    pub fn skip_ws(&mut self) {
        while self.tok.is_ws() {
            self.skip_raw_ws();
            self.next();
        }
    }

    pub fn skip_ws_and_docs(&mut self) {
        while self.tok.is_ws() || self.tok == Tok::DocComment {
            self.skip_raw_ws();
            self.next();
        }
    }

    /// Past the spaces, line breaks and commas after the current token without making
    /// tokens of them (for callers that skip them all anyway).
    fn skip_raw_ws(&mut self) {
        let b = self.b;
        let mut i = self.pos;
        while let Some(&c) = b.get(i) {
            match c {
                b' ' | b'\t' | b',' => self.col += 1,
                b'\n' => {
                    self.line += 1;
                    self.col = 1;
                }
                b'\r' => {
                    if b.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    self.line += 1;
                    self.col = 1;
                }
                _ => break,
            }
            i += 1;
        }
        self.pos = i;
    }

    pub fn expect_and_skip_spaces(&mut self) -> Result<()> {
        self.expect(&[Tok::Space])?;
        self.skip_spaces();
        Ok(())
    }

    pub fn expect_and_skip_whitespace(&mut self) -> Result<()> {
        if !self.tok.is_ws() {
            return Err(self.err(format!(
                "Expected one or more whitespace characters, but found {}",
                self.tok.debug(&self.lexeme())
            )));
        }
        self.skip_ws_and_docs();
        Ok(())
    }

    pub fn expect_and_skip_br(&mut self) -> Result<()> {
        self.skip_spaces();
        self.clear_docs();
        match self.tok {
            Tok::Newline | Tok::Comment | Tok::DocComment => {
                self.next();
                self.skip_ws();
                Ok(())
            }
            Tok::Eof => Ok(()),
            t => Err(self.err(format!("Expected a line break, but found {}", t.debug(&self.lexeme())))),
        }
    }
}

/// Decodes the contents of a quoted string or text block (escapes, line endings, the
/// text block's indentation rules).
pub fn scan_string(raw: &str, text_block: bool) -> std::result::Result<String, String> {
    // The common case: nothing to decode.
    if !text_block && raw.bytes().all(|c| (c >= 0x20 && c != b'\\') || c == b'\t' || c == b'\n') {
        return Ok(raw.to_string());
    }
    let owned: String;
    let lexeme: &str = if text_block || raw.contains('\r') {
        let normalized =
            if raw.contains('\r') { raw.replace("\r\n", "\n").replace('\r', "\n") } else { raw.to_string() };
        owned = if text_block { format_text_block(&normalized)? } else { normalized };
        &owned
    } else {
        raw
    };
    let mut out = String::with_capacity(lexeme.len());
    let mut pending_high: Option<u32> = None;
    let bytes = lexeme.as_bytes();
    let mut at = 0;
    loop {
        if pending_high.is_none() {
            // A run of characters that stand for themselves, copied at once.
            let start = at;
            while let Some(&c) = bytes.get(at) {
                if c == b'\\' || (c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r')) || (c == b'"' && !text_block) {
                    break;
                }
                at += 1;
            }
            out.push_str(&lexeme[start..at]);
        }
        let rest = &lexeme[at..];
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        let consumed = |chars: &std::str::Chars| rest.len() - chars.as_str().len();
        if c == '\\' {
            let e = chars.next().ok_or_else(|| "Invalid escape found in string: `\\`".to_string())?;
            match e {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                '/' => out.push('/'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                '\n' => {}
                'u' => {
                    let mut v: u32 = 0;
                    for _ in 0..4 {
                        let h = chars
                            .next()
                            .ok_or_else(|| "Invalid unclosed unicode escape found in string".to_string())?;
                        let d = h.to_digit(16).ok_or_else(|| format!("Invalid unicode escape character: `{h}`"))?;
                        v = (v << 4) | d;
                    }
                    if (0xD800..0xDC00).contains(&v) {
                        pending_high = Some(v);
                        at += consumed(&chars);
                        continue;
                    } else if (0xDC00..0xE000).contains(&v) {
                        if let Some(h) = pending_high.take() {
                            let cp = 0x10000 + ((h - 0xD800) << 10) + (v - 0xDC00);
                            out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                        } else {
                            out.push('\u{FFFD}');
                        }
                        at += consumed(&chars);
                        continue;
                    } else {
                        out.push(char::from_u32(v).unwrap_or('\u{FFFD}'));
                    }
                }
                other => return Err(format!("Invalid escape found in string: `\\{other}`")),
            }
        } else {
            let ok = c == '\t'
                || c == '\n'
                || c == '\r'
                || ('\u{20}'..='\u{21}').contains(&c)
                || (text_block && c == '"')
                || ('\u{23}'..='\u{5b}').contains(&c)
                || c >= '\u{5d}';
            if !ok {
                return Err(format!("Invalid string character: `{c}`"));
            }
            out.push(c);
        }
        at += consumed(&chars);
        if let Some(_h) = pending_high.take() {
            out.push('\u{FFFD}');
        }
    }
    if pending_high.is_some() {
        out.push('\u{FFFD}');
    }
    Ok(out)
}

fn format_text_block(lexeme: &str) -> std::result::Result<String, String> {
    if lexeme.is_empty() {
        return Err("Text block is empty".to_string());
    }
    if !lexeme.starts_with('\n') {
        return Err("Text block must start with a new line".to_string());
    }
    // Indentation and trailing spaces are ASCII: byte positions are character positions.
    let lines: Vec<&[u8]> = lexeme.as_bytes().split(|&c| c == b'\n').collect();
    let mut longest = usize::MAX;
    for (i, line) in lines.iter().enumerate().skip(1) {
        let last = i == lines.len() - 1;
        let pad = match line.iter().position(|&c| c != b' ') {
            Some(p) => Some(p),
            None if last => Some(line.len()),
            None => None,
        };
        if let Some(p) = pad {
            longest = longest.min(p);
        }
    }
    let mut out: Vec<u8> = Vec::with_capacity(lexeme.len());
    for (i, line) in lines.iter().enumerate().skip(1) {
        if !line.is_empty() {
            let start = longest.min(line.len());
            let mut end = line.len() - 1;
            while end > 0 && line[end] == b' ' {
                end -= 1;
            }
            if end >= start {
                out.extend_from_slice(&line[start..=end]);
            }
        }
        if i < lines.len() - 1 {
            out.push(b'\n');
        }
    }
    // Cut only at ASCII bytes, so still UTF-8.
    Ok(String::from_utf8(out).unwrap_or_default())
}
