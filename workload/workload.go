// Package workload makes the synthetic changes that the benchmarks and the
// fieldbook-load command push: the peers' workload (BENCHMARKS.md "The peers"), new
// records of about 500 bytes of JSON each (as the change travels), in
// Chinese like the teams' own notes. Of every ten changes, four record the
// next customer's consents (contact, health, income, family), one makes
// that customer, of ten fields, and five record activities with them.
package workload

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"

	"fieldbook"
	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

var outcomes = []string{
	"客户对重疾险很感兴趣，约好下周二带方案再谈",
	"已递交计划书，客户要和家人商量后答复",
	"客户暂时没有需求，约定三个月后再联系",
	"签单成功，年缴保费两万四千元，十年缴",
	"客户预算有限，需要把保额调低重新测算",
}

var noteBank = []string{
	"客户孩子今年上小学，非常关心教育金的储备。",
	"提到父母年纪大了，想先了解一下医疗险和防癌险。",
	"以前理赔经历不太好，对保险公司有些顾虑，需要多讲条款。",
	"朋友转介绍来的，信任度较高，沟通很顺利。",
	"单位有团体险，但保额明显不足，缺少重疾保障。",
	"下次拜访带上养老金测算表和同龄人的案例。",
	"太太是做财务的，对收益率很敏感，要准备对比表。",
	"周末比较方便，工作日只能晚上七点以后打电话。",
}

var surnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"}
var given = []string{"建华", "秀英", "志强", "晓燕", "海涛", "丽华", "俊杰", "春梅"}
var jobs = []string{"中学教师", "医生", "程序员", "私营企业主", "餐馆老板", "会计", "销售经理"}

// Device makes one installation's changes: its client id, clock and seq.
type Device struct {
	client   string
	clock    *crdt.Clock
	r        *rand.Rand
	size     int
	seq      int64
	customer string
	owed     int // bytes the changes so far fell short of size
}

// NewDevice returns a device with client id client whose changes aim at
// size bytes of JSON; seed makes its content reproducible.
func NewDevice(client string, seed uint64, size int) *Device {
	return &Device{client: client, clock: crdt.NewClock(client, nil), r: rand.New(rand.NewPCG(seed, 0x5eed)), size: size}
}

func (d *Device) pick(list []string) string { return list[d.r.IntN(len(list))] }

// Change is one change as a client sends it.
type Change struct {
	Collection, ID string
	JSON           []byte
}

// Decode returns the change as the server reads it.
func (c Change) Decode() (fieldbook.Change, error) {
	var out fieldbook.Change
	if err := json.Unmarshal(c.JSON, &out); err != nil {
		return out, fmt.Errorf("decode workload change: %w", err)
	}
	return out, nil
}

// Next is the device's next change, padded with notes to about its size
// in bytes of JSON.
func (d *Device) Next() Change {
	d.seq++
	id := rules.NewID()
	c := map[string]any{"seq": d.seq, "id": id, "hlc": string(d.clock.Now())}
	var fields map[string]any
	switch step := (d.seq - 1) % 10; {
	case step < 4:
		if step == 0 {
			d.customer = rules.NewID()
		}
		c["collection"] = fieldbook.Consents
		groups := []string{fieldbook.GroupContact, fieldbook.GroupHealth, fieldbook.GroupIncome, fieldbook.GroupFamily}
		fields = map[string]any{
			fieldbook.FieldSubject: fieldbook.Customers, fieldbook.FieldSubjectID: d.customer, fieldbook.FieldGroup: groups[step],
			fieldbook.FieldAction: fieldbook.ConsentGiven, fieldbook.FieldNoticeVersion: "2026-01", fieldbook.FieldMethod: "paper",
			fieldbook.FieldAt: "2026-11-28T10:00:00+08:00",
		}
		if groups[step] == fieldbook.GroupFamily {
			fields[fieldbook.FieldGuardian] = d.pick(surnames) + d.pick(given) // a parent of the children under 14
		}
	case step == 4:
		id = d.customer
		c["id"] = id
		c["collection"] = fieldbook.Customers
		fields = map[string]any{
			"name":        d.pick(surnames) + d.pick(given),
			"phone":       fmt.Sprintf("138 %04d %04d", d.r.IntN(10000), d.r.IntN(10000)),
			"gender":      []string{"male", "female"}[d.r.IntN(2)],
			"age":         25 + d.r.IntN(40),
			"occupation":  d.pick(jobs),
			"income_band": rules.IncomeBands[d.r.IntN(len(rules.IncomeBands))],
			"spouse":      d.pick(surnames) + d.pick(given),
			"children":    []map[string]any{{"name": "乐乐", "age": 1 + d.r.IntN(15)}},
			"needs":       []string{"health", rules.Needs[1+d.r.IntN(len(rules.Needs)-1)]},
		}
	default:
		c["collection"] = fieldbook.Activities
		fields = map[string]any{
			"kind":        rules.ActivityKinds[1+d.r.IntN(5)], // call … closing_interview
			"occurred_at": "2026-11-28T10:30:00+08:00",
			"customer_id": d.customer,
			"outcome":     d.pick(outcomes),
			"next_step":   "准备重疾险和医疗险的组合方案，下周二上午去客户公司讲解",
		}
	}
	c["fields"] = fields
	if c["collection"] == fieldbook.Consents {
		// A consent has no free text to pad: the next changes make up
		// its size, so that changes still average about d.size.
		b, err := json.Marshal(c)
		if err != nil {
			panic(err) // maps of strings and numbers always marshal
		}
		d.owed += d.size - len(b)
		return Change{Collection: fieldbook.Consents, ID: id, JSON: b}
	}
	aim := d.size + min(d.owed, 2*d.size)
	notes := ""
	for {
		fields["notes"] = notes
		b, err := json.Marshal(c)
		if err != nil {
			panic(err) // maps of strings and numbers always marshal
		}
		if len(b) >= aim-20 || d.size <= 0 {
			d.owed -= len(b) - d.size
			return Change{Collection: c["collection"].(string), ID: id, JSON: b}
		}
		notes += d.pick(noteBank)
	}
}

// Batches makes the device's next n changes in batches of at most size.
func (d *Device) Batches(n, size int) [][]Change {
	var out [][]Change
	for n > 0 {
		k := min(n, size)
		batch := make([]Change, k)
		for i := range batch {
			batch[i] = d.Next()
		}
		out = append(out, batch)
		n -= k
	}
	return out
}

// Array is a batch as the JSON array of a sync request's changes.
func Array(batch []Change) []byte {
	n := 2
	for _, c := range batch {
		n += len(c.JSON) + 1
	}
	buf := make([]byte, 0, n)
	buf = append(buf, '[')
	for i, c := range batch {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, c.JSON...)
	}
	return append(buf, ']')
}
