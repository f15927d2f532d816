package server

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
	"fieldbook/spreadsheet"
	"fieldbook/sync/rules"
)

// notices is GET /api/privacy/notices: the published privacy notices,
// oldest first, for every signed-in user (the app records the newest with
// each consent).
func (s *Server) notices(c *fiber.Ctx) error {
	ns, err := s.store().Privacy.Notices(ctx(c))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"notices": ns})
}

// publishNotice is POST /api/admin/privacy/notices {version, text}.
func (s *Server) publishNotice(c *fiber.Ctx) error {
	var req struct {
		Version string `json:"version"`
		Text    string `json:"text"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	n, err := s.store().Privacy.PublishNotice(ctx(c), fieldbook.Notice{Version: req.Version, Text: req.Text})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(n)
}

// Chinese names of the record of processing's words.
var (
	collectionNames = map[string]string{fieldbook.Customers: "客户档案", fieldbook.Prospects: "计划100名单"}
	groupNames      = map[string]string{fieldbook.GroupContact: "联系方式", fieldbook.GroupHealth: "健康需求",
		fieldbook.GroupIncome: "收入", fieldbook.GroupFamily: "家庭(含子女)"}
	classNames   = map[string]string{fieldbook.ClassSensitive: "敏感个人信息", fieldbook.ClassGeneral: "一般个人信息"}
	purposeNames = map[string]string{rules.PurposeClientManagement: "客户管理与活动量记录", rules.PurposeContact: "约访联系",
		rules.PurposeNeedsAnalysis: "保险需求分析(销售行为管理办法第7条)"}
)

// processingRecord is GET /api/admin/privacy/processing-record
// ?format=xlsx|csv: the record of processing activities (PIPL Arts.
// 55–56), one row per field of a person's data, made from the schema.
func (s *Server) processingRecord(c *fiber.Ctx) error {
	format, err := formatParam(c)
	if err != nil {
		return err
	}
	sh := sheet{
		Sheet: spreadsheet.Sheet{Name: "个人信息处理记录", Title: "Fieldbook 个人信息处理活动记录",
			Headers: []string{"数据集", "字段", "类别", "同意分组", "处理目的", "处理依据", "可见者", "保存期限"}},
		file: "个人信息处理活动记录", asciiFile: "fieldbook-processing-record",
	}
	for _, f := range rules.PersonalData() {
		basis, group, kept := "为订立、履行合同所必需的客户管理", "—", "至删除或撤回同意;删除即擦除"
		if f.Collection == fieldbook.Prospects {
			kept = "至删除或撤回同意;无活动满团队设定的月数(默认24个月)即提醒业务员,30天内未保留即擦除"
		}
		if f.Group != "" {
			group = nameOr(groupNames, f.Group)
			basis = "个人同意(按分组记录于同意台账)"
			if f.Class == fieldbook.ClassSensitive {
				basis = "个人单独同意(按分组记录于同意台账)"
			}
		}
		sh.Rows = append(sh.Rows, []spreadsheet.Cell{
			spreadsheet.TextCell(fmt.Sprintf("%s (%s)", nameOr(collectionNames, f.Collection), f.Collection)),
			spreadsheet.TextCell(f.Field), spreadsheet.TextCell(nameOr(classNames, f.Class)), spreadsheet.TextCell(group),
			spreadsheet.TextCell(nameOr(purposeNames, f.Purpose)), spreadsheet.TextCell(basis),
			spreadsheet.TextCell("所属业务员;其团队主管与管理员按目的调阅并记入访问日志"), spreadsheet.TextCell(kept),
		})
	}
	return s.sendExport(c, "processing-record", format, sh, map[string]string{})
}
