//! The site model without rendering, for when the build fails: `check` still measures
//! every page that could be read, while the build's own errors are reported as they are.

use crate::BuildOptions;
use crate::config::SiteConfig;
use crate::site::Site;

/// Config and linked site with rendered bodies; `None` when site.yaml cannot be read.
///
/// The diagnostics are dropped because the build reports them already.
pub fn load(options: &BuildOptions) -> Option<(SiteConfig, Site)> {
    crate::load_site(options)
        .ok()
        .map(|loaded| (loaded.config, loaded.site))
}
