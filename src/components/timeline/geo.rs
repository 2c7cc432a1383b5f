//! Where things go on the chart: the lanes' rows and the projection between time (µs) and x.

use ocp_model::timeline::lanes::span_px;
use ocp_model::timeline::View;

/// Width of the lane labels on the left, px.
pub const GUTTER: f64 = 104.0;
/// Room on the right (the now-line's label), px.
pub const RIGHT: f64 = 12.0;
/// The chart's height, px.
pub const HEIGHT: f64 = 174.0;
/// Baseline of the tick labels, px.
pub const AXIS_Y: f64 = 16.0;
/// Top of the full backups' lane, px.
pub const FULL_Y: f64 = 28.0;
/// Top of the incremental backups' lane, px.
pub const INCR_Y: f64 = 58.0;
/// Height of a backup point's mark, px.
pub const POINT_H: f64 = 24.0;
/// Top and height of the log archive's lane, px.
pub const LOG_Y: f64 = 88.0;
pub const LOG_H: f64 = 20.0;
/// Top and height of the windows' lane (gaps too), px.
pub const WIN_Y: f64 = 116.0;
pub const WIN_H: f64 = 40.0;
/// The narrowest mark: a zero-length window stays visible, px.
pub const MIN_PX: f64 = 3.0;
/// A window edge's handle, px.
pub const EDGE_PX: f64 = 5.0;

/// The view and the plot's width: all a mark needs to find its x.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geo {
    pub view: View,
    /// The plot's width (the chart's minus the gutter), px.
    pub plot_w: f64,
}

impl Geo {
    /// The x of `t_us` inside the plot (0 = the view's start).
    pub fn x(&self, t_us: i64) -> f64 {
        self.view.x(t_us, self.plot_w)
    }

    /// Left x and width of `start..=end`, clipped, at least [`MIN_PX`].
    pub fn span(&self, start_us: i64, end_us: i64) -> (f64, f64) {
        span_px(&self.view, start_us, end_us, self.plot_w, MIN_PX)
    }

    /// Whether `t_us` is (nearly) on screen.
    pub fn shows(&self, t_us: i64) -> bool {
        let x = self.x(t_us);
        (-20.0..=self.plot_w + 20.0).contains(&x)
    }
}

/// Two decimals are plenty for px and keep the DOM small. Written from integers: float
/// formatting would add its own code to the wasm.
pub fn px(v: f64) -> String {
    let c = (v * 100.0).round() as i64;
    let sign = if c < 0 { "-" } else { "" };
    let c = c.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}
