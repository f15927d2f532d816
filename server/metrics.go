package server

import (
	"context"
	"maps"
	"net"
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"fieldbook"
)

// metrics are the server's Prometheus metrics, in a registry of its own.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	changes  *prometheus.CounterVec
	commits  prometheus.Histogram
	batch    prometheus.Histogram
	handler  fiber.Handler
}

func newMetrics(st func() *Stores, disk Disk) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "fieldbook_http_requests_total", Help: "HTTP requests by route, method and status.",
	}, []string{"route", "method", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "fieldbook_http_request_seconds", Help: "HTTP request latency by route.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"route"})
	m.changes = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "fieldbook_sync_changes_total", Help: "Sync changes by status and rejection code.",
	}, []string{"status", "code"})
	m.commits = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "fieldbook_store_commit_seconds", Help: "Time of one durable group commit.",
		Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .25},
	})
	m.batch = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "fieldbook_store_commit_jobs", Help: "Jobs (pushes, logins, …) sharing one group commit.",
		Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256},
	})
	size := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "fieldbook_store_bytes", Help: "Bytes the store takes on disk.",
	}, func() float64 {
		if s := st(); s != nil {
			return float64(s.Operations.Size())
		}
		return 0
	})
	if disk != nil {
		m.reg.MustRegister(
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "fieldbook_disk_free_bytes", Help: "Bytes free on the store's volume, as last measured."},
				func() float64 { free, _, _ := disk.Room(); return float64(free) }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "fieldbook_disk_min_free_bytes", Help: "Bytes free the store's volume needs for writes to be taken (--min-free)."},
				func() float64 { _, need, _ := disk.Room(); return float64(need) }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "fieldbook_disk_writes_refused", Help: "1 while writes are refused (507 insufficient_storage) because the store's volume is nearly full."},
				func() float64 {
					if _, _, low := disk.Room(); low {
						return 1
					}
					return 0
				}))
	}
	m.reg.MustRegister(m.requests, m.latency, m.changes, m.commits, m.batch, size, gauges{st},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = adaptor.HTTPHandler(promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	return m
}

// commit observes one durable group commit.
func (m *metrics) commit(jobs int, took time.Duration) {
	m.batch.Observe(float64(jobs))
	m.commits.Observe(took.Seconds())
}

func (m *metrics) observe(route, method string, status int, took time.Duration) {
	if route == "" || route == "/" && status == fiber.StatusNotFound {
		route = "other"
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

func (m *metrics) countResults(results []fieldbook.Result) {
	for _, r := range results {
		m.changes.WithLabelValues(r.Status, r.Code).Inc()
	}
}

// metricsGate answers loopback callers that came through no proxy; it
// passes requests with a token on to authenticate and metricsForAdmin;
// everyone else gets 404, as if there were nothing here.
func (s *Server) metricsGate(c *fiber.Ctx) error {
	switch s.cfg.Metrics {
	case "off":
		return fiber.ErrNotFound
	case "loopback":
		if isLoopback(c.Context().RemoteIP()) && c.Get(fiber.HeaderXForwardedFor) == "" && c.Get("Forwarded") == "" {
			return s.metrics.handler(c)
		}
	}
	if c.Get(fiber.HeaderAuthorization) == "" {
		return fiber.ErrNotFound
	}
	return c.Next()
}

func isLoopback(ip net.IP) bool { return ip != nil && ip.IsLoopback() }

func (s *Server) metricsForAdmin(c *fiber.Ctx) error {
	if user(c).Role != fieldbook.RoleAdmin {
		return fiber.ErrNotFound
	}
	return s.metrics.handler(c)
}

// gauges exports the store's own measures (its Gauges) at each scrape, as
// fieldbook_store_<name>.
type gauges struct{ st func() *Stores }

// Describe sends nothing: the gauges are known only when read (an
// unchecked collector).
func (gauges) Describe(chan<- *prometheus.Desc) {}

func (g gauges) Collect(ch chan<- prometheus.Metric) {
	s := g.st()
	if s == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), healthTimeout)
	defer cancel()
	vals := s.Operations.Gauges(ctx)
	for _, name := range slices.Sorted(maps.Keys(vals)) {
		desc := prometheus.NewDesc("fieldbook_store_"+name, "The store's own measure "+name+".", nil, nil)
		if m, err := prometheus.NewConstMetric(desc, prometheus.GaugeValue, vals[name]); err == nil {
			ch <- m
		}
	}
}
