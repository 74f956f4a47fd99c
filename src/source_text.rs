//! Turning a file's bytes into text: UTF-8 only, BOM dropped, CRLF (and a lone CR,
//! as old Mac files have) read as one line break.

use crate::diagnostics::Position;

/// Decodes `bytes` as UTF-8 text with `\n` line ends, or says where it is not UTF-8.
/// Takes the bytes so that a file already in that form (most are) becomes its
/// text without being copied.
pub(crate) fn decode(mut bytes: Vec<u8>) -> Result<String, (Position, String)> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        // Normalising CRLF keeps line numbers and character columns unchanged. YAML,
        // markdown and editors also end a line at a lone CR, so it becomes `\n` too,
        // or positions in the rest of the file would drift from what the writer sees.
        // (The `memchr` crate looks for the CR with vector instructions; `str::contains`
        // checks a word at a time, which costs more than the rest of the decoding.)
        Ok(text) if memchr::memchr(b'\r', text.as_bytes()).is_some() => {
            Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
        }
        Ok(text) => Ok(text),
        Err(e) => {
            let bytes = e.as_bytes();
            let valid_up_to = e.utf8_error().valid_up_to();
            // The valid part is UTF-8: read its lines the same way as a whole file.
            let valid = String::from_utf8_lossy(&bytes[..valid_up_to]);
            let valid = valid.replace("\r\n", "\n").replace('\r', "\n");
            let line = valid.matches('\n').count() + 1;
            let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
            let column = valid[line_start..].chars().count() + 1;
            Err((
                Position::new(line, column),
                "this file is not UTF-8 text".to_string(),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFa\r\nb\r\n".to_vec()).unwrap(),
            "a\nb\n"
        );
    }

    #[test]
    fn a_lone_cr_is_a_line_break() {
        assert_eq!(decode(b"a\rb\r\nc".to_vec()).unwrap(), "a\nb\nc");
    }

    #[test]
    fn reports_line_of_invalid_byte() {
        let (pos, _) = decode(b"one\ntwo \xFF\n".to_vec()).unwrap_err();
        assert_eq!(pos, Position::new(2, 5));
        let (pos, _) = decode(b"one\r\ntwo\rthr\xC3\xA9e \xFF\n".to_vec()).unwrap_err();
        assert_eq!(pos, Position::new(3, 7));
    }
}
