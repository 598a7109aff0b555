package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// openSlots lists the slots with a free seat between two dates.
func openSlots(ctx context.Context, base, token, from, to string) ([]slotInfo, error) {
	var av struct{ AvailableSlots []slotInfo }
	if err := gqlData(ctx, base, token, `query($from: Date!, $to: Date!) { availableSlots(from: $from, to: $to) { startsAt remaining } }`,
		map[string]any{"from": from, "to": to}, &av); err != nil {
		return nil, err
	}
	var slots []slotInfo
	for _, s := range av.AvailableSlots {
		if s.Remaining > 0 {
			slots = append(slots, s)
		}
	}
	if len(slots) == 0 {
		return nil, fmt.Errorf("no available slots between %s and %s (check -clock)", from, to)
	}
	return slots, nil
}

// cpuMeter measures the CPU time used by the server processes, this tool
// and a local database server between start and stop: where the two cores
// went.
type cpuMeter struct {
	pids  map[string]int
	start map[string]float64
}

func startCPUMeter(procs []*serverProc) *cpuMeter {
	m := &cpuMeter{pids: map[string]int{"load tool": os.Getpid()}}
	for _, p := range procs {
		m.pids[p.Name] = p.Pid()
	}
	if pid := localDatabasePid(); pid > 0 {
		m.pids["database"] = pid
	}
	m.start = m.read()
	return m
}

func (m *cpuMeter) read() map[string]float64 {
	out := map[string]float64{}
	for name, pid := range m.pids {
		if s, err := cpuSeconds(pid); err == nil {
			out[name] = s
		}
	}
	return out
}

func (m *cpuMeter) stop() map[string]float64 {
	end := m.read()
	out := map[string]float64{}
	for name, s := range end {
		if s0, ok := m.start[name]; ok {
			out[name] = s - s0
		}
	}
	return out
}

// cpuSeconds is a process's user and system time, from /proc (Linux).
func cpuSeconds(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	utime, err1 := strconv.ParseFloat(fields[11], 64)
	stime, err2 := strconv.ParseFloat(fields[12], 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("bad /proc/%d/stat", pid)
	}
	const ticksPerSecond = 100 // USER_HZ on Linux
	return (utime + stime) / ticksPerSecond, nil
}

// localDatabasePid finds a MariaDB or MySQL server on this machine (0: none).
func localDatabasePid() int {
	matches, _ := filepath.Glob("/proc/[0-9]*/comm")
	for _, path := range matches {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		if name := strings.TrimSpace(string(b)); name == "mariadbd" || name == "mysqld" {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(path)))
			return pid
		}
	}
	return 0
}

func printCPU(tw *tabwriter.Writer, scenario string, cpu map[string]float64) {
	if len(cpu) == 0 {
		return
	}
	names := make([]string, 0, len(cpu))
	for n := range cpu {
		names = append(names, n)
	}
	sort.Strings(names)
	var parts []string
	for _, n := range names {
		parts = append(parts, fmt.Sprintf("%s %.2f", n, cpu[n]))
	}
	fmt.Fprintf(tw, "%s\tCPU seconds\t%s\n", scenario, strings.Join(parts, ", "))
}

// dbCounters reads the InnoDB counters that explain a write load: row lock
// waits and their total time (ms), deadlocks, commits, rollbacks and
// fsyncs. Counters the server does not have are left out.
func dbCounters(ctx context.Context, db *sql.DB) map[string]int64 {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	rows, err := db.QueryContext(ctx, `SHOW GLOBAL STATUS WHERE Variable_name IN
		('Innodb_row_lock_waits', 'Innodb_row_lock_time', 'Innodb_deadlocks', 'Com_commit', 'Com_rollback',
		 'Innodb_data_fsyncs', 'Questions', 'Innodb_rows_read', 'Innodb_rows_inserted', 'Innodb_rows_updated',
		 'Handler_read_rnd_next', 'Select_scan', 'Com_select', 'Com_insert', 'Com_update')`)
	if err != nil {
		return nil
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var name, value string
		if rows.Scan(&name, &value) == nil {
			if n, err := strconv.ParseInt(value, 10, 64); err == nil {
				out[name] = n
			}
		}
	}
	return out
}

func counterDelta(before, after map[string]int64) map[string]int64 {
	out := map[string]int64{}
	for k, v := range after {
		if b, ok := before[k]; ok {
			out[k] = v - b
		}
	}
	return out
}
