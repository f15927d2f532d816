package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"fieldbook/workload/fleet"
)

// runFleet runs the branch network (-fleet) -runs times, each against a
// fresh server of its own populated with the fleet, and prints each run's
// report: the phones' sync latency, the screens' pulls, the errors, and
// the server's CPU and peak memory over the run (from its /metrics) and
// over its whole life, populating included (from the process).
func runFleet(ctx context.Context, cfg config, stdout io.Writer) error {
	for i := range cfg.runs {
		if cfg.runs > 1 {
			fmt.Fprintf(stdout, "run %d of %d\n", i+1, cfg.runs)
		}
		if err := fleetOnce(ctx, cfg, stdout); err != nil {
			return fmt.Errorf("fleet run %d: %w", i+1, err)
		}
	}
	return nil
}

func fleetOnce(ctx context.Context, cfg config, stdout io.Writer) (err error) {
	var base string
	var f *fleet.Fleet
	var stop func() error
	if cfg.inProcess {
		l, err := startLocal(ctx, cfg.dir, cfg.store, cfg.population())
		if err != nil {
			return err
		}
		base, f, stop = l.url, l.fleet, l.stop
	} else {
		ch, err := startChild(ctx, cfg.dir, cfg.store, cfg.population(), cfg.serverProfile)
		if err != nil {
			return err
		}
		base, f = ch.url, ch.fleet
		stop = func() error {
			err := ch.stop()
			if err == nil {
				fmt.Fprintf(stdout, "server process    %.1f s of CPU over its life (populating included), peak RSS %.0f MB\n",
					ch.cpu.Seconds(), float64(ch.rss)/(1<<20))
			}
			return err
		}
	}
	c := cfg.fleetCfg
	c.Addr = base
	r, err := fleet.Run(ctx, c, *f)
	if err != nil {
		return errors.Join(err, stop())
	}
	if cfg.store != "" {
		fmt.Fprintln(stdout, "store: PostgreSQL")
	}
	reported := r.Report(stdout)
	return errors.Join(stop(), reported)
}
