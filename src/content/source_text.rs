//! Turning a file's bytes into text: UTF-8 only, BOM dropped, CRLF read as one line break.

use crate::diagnostics::Position;

/// Decodes `bytes` as UTF-8 text with `\n` line ends, or says where it is not UTF-8.
pub fn decode(bytes: &[u8]) -> Result<String, (Position, String)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        // Normalising CRLF keeps line numbers and character columns unchanged.
        Ok(text) if text.contains('\r') => Ok(text.replace("\r\n", "\n")),
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
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
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\r\n").unwrap(), "a\nb\n");
    }

    #[test]
    fn reports_line_of_invalid_byte() {
        let (pos, _) = decode(b"one\ntwo \xFF\n").unwrap_err();
        assert_eq!(pos, Position::new(2, 5));
    }
}
