//! `serve --open`: opening the site in the reader's browser, and saying so when
//! that is not possible (a server without a screen, no browser installed).

/// Opens `url` in the default browser, or says why it could not.
/// (macOS's `open` and Windows' shell report failure themselves.)
#[cfg(any(target_os = "macos", windows))]
pub fn open(url: &str) -> Result<(), String> {
    opener::open_browser(url).map_err(|e| e.to_string())
}

/// Opens `url` in the default browser, or says why it could not.
#[cfg(not(any(target_os = "macos", windows)))]
pub fn open(url: &str) -> Result<(), String> {
    xdg::open(url)
}

/// Elsewhere `xdg-open` (or `$BROWSER` without it) is run and its exit status read:
/// the `opener` crate does not wait for it, so a missing browser would go unsaid.
#[cfg(not(any(target_os = "macos", windows)))]
mod xdg {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    /// How long a launcher may run before it counts as having opened the browser:
    /// `xdg-open` can stay until the browser it started is closed.
    const LAUNCH_WAIT: Duration = Duration::from_secs(3);

    pub(super) fn open(url: &str) -> Result<(), String> {
        let mut xdg_open = Command::new("xdg-open");
        xdg_open.arg(url);
        match launch(xdg_open, LAUNCH_WAIT) {
            Err(Launch::NotInstalled) => match std::env::var("BROWSER") {
                Ok(browser) if !browser.trim().is_empty() => {
                    let mut command = Command::new(browser.trim());
                    command.arg(url);
                    launch(command, LAUNCH_WAIT).map_err(|e| e.describe(browser.trim()))
                }
                _ => Err(Launch::NotInstalled.describe("xdg-open")),
            },
            other => other.map_err(|e| e.describe("xdg-open")),
        }
    }

    /// Why a launcher did not open the browser.
    #[derive(Debug, PartialEq, Eq)]
    enum Launch {
        /// There is no such program.
        NotInstalled,
        /// It could not be started.
        Failed(String),
        /// It ended with this exit status (`None`: stopped by a signal).
        Exited(Option<i32>),
    }

    impl Launch {
        fn describe(&self, program: &str) -> String {
            match self {
                Launch::NotInstalled => {
                    format!("there is no `{program}` program to start one with")
                }
                Launch::Failed(e) => format!("`{program}` could not be started: {e}"),
                // xdg-open's documented status for "no program found for this".
                Launch::Exited(Some(3)) if program == "xdg-open" => {
                    "`xdg-open` found no browser to use".into()
                }
                Launch::Exited(Some(code)) => format!("`{program}` ended with exit status {code}"),
                Launch::Exited(None) => format!("`{program}` was stopped"),
            }
        }
    }

    /// Runs `command` and waits up to `wait` for it to fail; one still running then is
    /// taken to have opened the browser (and is left to finish on its own).
    fn launch(mut command: Command, wait: Duration) -> Result<(), Launch> {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => Launch::NotInstalled,
                _ => Launch::Failed(e.to_string()),
            })?;
        let started = Instant::now();
        loop {
            match child.try_wait() {
                Ok(Some(status)) if status.success() => return Ok(()),
                Ok(Some(status)) => return Err(Launch::Exited(status.code())),
                Ok(None) if started.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                _ => {
                    // Reaped in the background, so it does not linger as a zombie.
                    let _ = std::thread::Builder::new()
                        .name("clinicsite-browser".into())
                        .spawn(move || child.wait());
                    return Ok(());
                }
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn shell(script: &str) -> Command {
            let mut command = Command::new("sh");
            command.args(["-c", script]);
            command
        }

        #[test]
        fn a_launcher_that_fails_is_reported() {
            let wait = Duration::from_secs(5);
            assert_eq!(launch(shell("exit 3"), wait), Err(Launch::Exited(Some(3))));
            assert_eq!(launch(shell("exit 0"), wait), Ok(()));
            assert_eq!(
                launch(Command::new("/nonexistent/browser"), wait),
                Err(Launch::NotInstalled)
            );
            assert_eq!(
                Launch::Exited(Some(3)).describe("xdg-open"),
                "`xdg-open` found no browser to use"
            );
        }

        #[test]
        fn a_launcher_still_running_counts_as_opened() {
            assert_eq!(launch(shell("sleep 5"), Duration::from_millis(100)), Ok(()));
        }
    }
}
