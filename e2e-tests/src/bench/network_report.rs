//! The network section of BENCHMARKS.md, rendered from one `scripts/bench --network` run and
//! spliced between its own markers.

use super::network::NetworkResults;
use super::report::grouped;
use std::fmt::Write as _;

pub const BEGIN: &str = "<!-- bench-network:begin -->";
pub const END: &str = "<!-- bench-network:end -->";

/// The tables.
pub fn markdown(r: &NetworkResults) -> String {
    let mut md = String::new();
    let m = &r.machine;
    let _ = writeln!(
        md,
        "Measured {} on {} ({} cores, {} GiB), all four nodes on this one machine: {}, polkadot 1.16.0 \
         (crate 18.0.0) for the relay chain. Run time {:.1} min.\n",
        m.date,
        m.cpu,
        m.cores,
        m.memory_gib,
        m.node,
        r.total_seconds / 60.0
    );
    let _ = writeln!(md, "| Block times (from the blocks' timestamps) | blocks | mean | min | max | best − finalized |");
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|");
    for b in [&r.relay_blocks, &r.para_blocks] {
        let _ = writeln!(
            md,
            "| {} | {} | {:.1} s | {:.1} s | {:.1} s | {} blocks |",
            b.chain, b.blocks, b.mean_seconds, b.min_seconds, b.max_seconds, b.finality_lag_blocks
        );
    }
    let _ = writeln!(
        md,
        "\n| `ehr` through collator A, `--wait finalized` | runs | in a best block | finalized | whole command |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|");
    for c in &r.commands {
        let s = |st: &super::timing::Stats| {
            format!("{:.1} s ± {:.1}", st.mean_ms / 1e3, st.stddev_ms / 1e3)
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            c.command,
            c.in_best_block.runs,
            s(&c.in_best_block),
            s(&c.finalized),
            s(&c.command_total)
        );
    }
    let p = &r.pipelined;
    let _ = writeln!(
        md,
        "\n| Pipelined records (one account, nonces in a row) | |\n|---|---:|"
    );
    let rows = [
        ("records sent at once", grouped(p.records.into())),
        (
            "until all were in best blocks",
            format!("{:.1} s", p.seconds),
        ),
        ("records per second", format!("{:.1}", p.per_second)),
        ("blocks they took", p.blocks.to_string()),
        (
            "records per block (mean)",
            format!("{:.1}", p.records_per_block),
        ),
        (
            "times the missing ones were sent again (blocks retracted)",
            p.resent.to_string(),
        ),
        (
            "one add_record's weight (ref_time, proof_size)",
            format!(
                "{} ps, {} B",
                grouped(p.record_weight.ref_time.into()),
                grouped(p.record_weight.proof_size.into())
            ),
        ),
        (
            "normal-class block limit (ref_time, proof_size)",
            format!(
                "{} ps, {} B",
                grouped(p.normal_max_total.ref_time.into()),
                grouped(p.normal_max_total.proof_size.into())
            ),
        ),
        (
            "ceiling: add_records per block",
            format!("{} ({} binds)", p.ceiling_per_block, p.ceiling_dimension),
        ),
        (
            "ceiling per second at the measured block time",
            format!("{:.1}", p.ceiling_per_second),
        ),
        ("pipelined ÷ ceiling", format!("{:.2}", p.vs_ceiling)),
    ];
    for (what, value) in rows {
        let _ = writeln!(md, "| {what} | {value} |");
    }
    md
}
