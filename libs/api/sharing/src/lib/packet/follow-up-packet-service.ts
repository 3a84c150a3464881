import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, UnitOfWork, type RequestContext } from '@kap/api/core';
import {
  currentMedicalStatus,
  medicalStatusColumns,
  PatientAccess,
  type AuditTarget,
  type GrantedView,
  type MedicalStatusRow,
} from '@kap/api/patients';
import type {
  FollowUpPacket,
  PacketDosingSession,
  PacketScore,
  PacketVitals,
  StatusUpdate,
  VitalsLimits,
} from '@kap/shared/contracts';
import { buildTrend, calendarDateIn, INSTRUMENTS, type InstrumentCode } from '@kap/shared/domain';
import { DisclosuresService } from '../disclosures/disclosures-service';
import { toSharedSession, type SessionFacts } from '../thread/shared-items';
import { StatusUpdatesService } from '../thread/status-updates-service';
import { packetText } from './packet-text';

/**
 * The follow-up packet: what the prescriber needs at the next medical follow-up, built from
 * shareable data only (course orders, status, dose records, scores, alerts, open questions).
 * Never notes' text, never psychotherapy notes.
 */
@Injectable()
export class FollowUpPacketService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly work: UnitOfWork,
    private readonly access: PatientAccess,
    private readonly disclosures: DisclosuresService,
    private readonly statusUpdates: StatusUpdatesService,
    private readonly clock: Clock,
  ) {}

  /** Read by the medical team, the packet is a disclosure, recorded with the read's audit event. */
  async get(
    ctx: RequestContext,
    patientId: string,
    since: string | undefined,
    asText: boolean,
  ): Promise<FollowUpPacket | string> {
    const target: AuditTarget = {
      action: 'follow_up_packet.read',
      entityType: 'patient',
      entityId: patientId,
      patientId,
    };
    return this.access.audited(ctx, target, () =>
      this.work.run(async (manager) => {
        const view = await this.access.require(manager, ctx, patientId);
        const packet = await this.build(manager, patientId, since, view);
        if (view === 'medical_team') {
          await this.disclosures.record(manager, ctx, {
            patientId,
            recipientOrganizationId: ctx.actor.organizationId,
            source: 'follow_up_packet',
            statusUpdateId: null,
            categories: packetCategories(packet),
            sessionIds: packet.dosingSessions.map((s) => s.id),
            outcomeIds: packet.scores.map((s) => s.outcomeId),
            noteIds: [],
            purpose: 'care coordination: medical follow-up',
          });
        }
        await this.access.recordSuccess(
          ctx,
          target,
          { since: packet.since, format: asText ? 'text' : 'json' },
          manager,
        );
        return asText ? packetText(packet) : packet;
      }),
    );
  }

  /** Posts the packet to the thread as a `follow_up` update (and so discloses it). */
  async send(ctx: RequestContext, patientId: string, body: { note?: string }): Promise<StatusUpdate> {
    const target: AuditTarget = {
      action: 'follow_up_packet.send',
      entityType: 'status_update',
      entityId: null,
      patientId,
    };
    const replay = this.access.onReplay(ctx, patientId, { need: 'practice' });
    return this.access.audited(ctx, target, () =>
      this.work.create(
        ctx,
        `POST /api/patients/${patientId}/follow-up-packet/send`,
        body,
        replay,
        async (manager) => {
          const view = await this.access.require(manager, ctx, patientId, { need: 'practice', lock: true });
          const packet = await this.build(manager, patientId, undefined, view);
          const note = body.note?.trim();
          const id = await this.statusUpdates.post(manager, ctx, patientId, view, {
            kind: 'follow_up',
            urgency: 'routine',
            body: `${note ? `${note}\n\n` : ''}${packetText(packet)}`,
            include: {
              sessionIds: packet.dosingSessions.map((s) => s.id),
              outcomeIds: packet.scores.map((s) => s.outcomeId),
              noteIds: [],
            },
            extraCategories: packetCategories(packet).filter(
              (c) => !['session_records', 'outcome_scores'].includes(c),
            ),
          });
          target.entityId = id;
          await this.access.recordSuccess(ctx, target, { since: packet.since }, manager);
          return this.statusUpdates.read(manager, id);
        },
      ),
    );
  }

  async build(
    manager: EntityManager,
    patientId: string,
    sinceParam: string | undefined,
    view: GrantedView,
  ): Promise<FollowUpPacket> {
    // The practice's time zone: "since" and the baseline are calendar dates on its calendar.
    const [patient]: { name: string; created_at: Date; time_zone: string }[] = await manager.query(
      `SELECT coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name AS name, p.created_at, o.time_zone
         FROM patient p JOIN organization o ON o.id = p.practice_id WHERE p.id = $1`,
      [patientId],
    );
    const timeZone = patient.time_zone;
    const [course] = await manager.query(
      `SELECT id, indication, phase, to_char(started_on, 'YYYY-MM-DD') AS started_on, planned_dosing_sessions, dose_plan, vitals_limits
         FROM course WHERE patient_id = $1 AND phase NOT IN ('completed', 'discontinued')
        ORDER BY started_on DESC, created_at DESC LIMIT 1`,
      [patientId],
    );
    // Every entry: the packet's status is their merge, as `current` is everywhere (each field from
    // the newest entry that states it), so a note-only entry does not hide the eligibility.
    const statusHistory: MedicalStatusRow[] = await manager.query(
      `SELECT ${medicalStatusColumns('m', 'u')}
         FROM medical_status_entry m JOIN app_user u ON u.id = m.entered_by
        WHERE m.patient_id = $1`,
      [patientId],
    );
    const [lastFollowUp] = await manager.query(
      `SELECT max(as_of) AS at FROM medical_status_entry WHERE patient_id = $1 AND source = 'medical_team'`,
      [patientId],
    );
    const since: string =
      sinceParam ??
      (lastFollowUp?.at
        ? calendarDateIn(new Date(lastFollowUp.at), timeZone)
        : (course?.started_on ?? calendarDateIn(new Date(patient.created_at), timeZone)));

    const sessions: (SessionFacts & { vitals_limits: VitalsLimits | null })[] = await manager.query(
      `SELECT s.id, s.kind, s.occurred_at, s.duration_minutes, s.setting, s.dosing, c.vitals_limits,
              EXISTS (SELECT 1 FROM note n WHERE n.session_id = s.id AND n.status = 'signed' AND n.archived_at IS NULL) AS has_signed_note
         FROM therapy_session s LEFT JOIN course c ON c.id = s.course_id
        WHERE s.patient_id = $1 AND s.kind = 'dosing' AND s.archived_at IS NULL
          AND s.occurred_at >= ($2::date)::timestamp AT TIME ZONE $3::text
        ORDER BY s.occurred_at, s.id`,
      [patientId, since, timeZone],
    );
    const dosingSessions: PacketDosingSession[] = sessions.map((s) => {
      const shared = toSharedSession(s);
      const dosing = s.dosing!;
      const limits: VitalsLimits = s.vitals_limits ?? course?.vitals_limits ?? {};
      return {
        id: s.id,
        occurredAt: shared.occurredAt,
        route: dosing.route,
        doseMg: dosing.doseMg,
        doseLabel: dosing.doseLabel,
        booster: dosing.booster ?? null,
        vitals: dosing.vitals.map(
          (v): PacketVitals => ({
            ...v,
            outOfRange: readingOutsideLimits(v, limits),
          }),
        ),
        vitalsLimits: s.vitals_limits ?? course?.vitals_limits ?? null,
        adverseEvents: dosing.adverseEvents ?? null,
        documentationComplete: shared.documentationComplete ?? false,
        documentationMissing: shared.documentationMissing,
      };
    });

    const outcomes: {
      id: string;
      instrument: InstrumentCode;
      administered_at: Date;
      total: number | null;
      severity: string;
    }[] = await manager.query(
      `SELECT id, instrument, administered_at, total, severity FROM outcome
          WHERE patient_id = $1 AND voided_at IS NULL ORDER BY instrument, administered_at, id`,
      [patientId],
    );
    const scores: PacketScore[] = [];
    for (const instrument of [...new Set(outcomes.map((o) => o.instrument))]) {
      const own = outcomes.filter((o) => o.instrument === instrument);
      const latest = own[own.length - 1];
      const base: PacketScore = {
        instrument,
        outcomeId: latest.id,
        administeredAt: new Date(latest.administered_at).toISOString(),
        total: latest.total,
        severity: latest.severity,
        baselineTotal: null,
        changeFromBaseline: null,
        reliableChange: null,
      };
      if (INSTRUMENTS[instrument]?.range && latest.total !== null) {
        const trend = buildTrend(
          instrument,
          own.map((o) => ({
            id: o.id,
            administeredAt: new Date(o.administered_at).toISOString(),
            total: o.total ?? 0,
            severity: o.severity,
            voided: false,
          })),
          course?.started_on ?? null,
          timeZone,
        );
        const point = trend.points.find((p) => p.outcomeId === latest.id);
        if (trend.baseline && point) {
          base.baselineTotal = trend.baseline.total;
          base.changeFromBaseline = point.changeFromBaseline;
          base.reliableChange = point.reliableChange;
        }
      }
      scores.push(base);
    }

    // The prescriber's packet: alerts the medical team has not acknowledged yet (each side acknowledges for itself).
    const alerts: { id: string; kind: string; severity: string; created_at: Date }[] = await manager.query(
      `SELECT a.id, a.kind, a.severity, a.created_at FROM alert a
        WHERE a.patient_id = $1
          AND NOT EXISTS (SELECT 1 FROM alert_acknowledgement k WHERE k.alert_id = a.id AND k.side = 'medical_team')
        ORDER BY a.created_at, a.id`,
      [patientId],
    );
    const questions: { id: string; urgency: string; body: string; created_at: Date }[] = await manager.query(
      `SELECT su.id, su.urgency, su.body, su.created_at FROM status_update su
         JOIN care_team_link link ON link.patient_id = su.patient_id AND link.replaced_at IS NULL AND link.medical_team_id = su.medical_team_id
        WHERE su.patient_id = $1 AND su.from_side = 'practice' AND su.kind = 'request_review' AND su.acknowledged_at IS NULL
        ORDER BY su.created_at, su.id`,
      [patientId],
    );
    void view;
    return {
      patientId,
      patientName: patient.name,
      generatedAt: this.clock.now().toISOString(),
      since,
      course: course
        ? {
            id: course.id,
            indication: course.indication,
            phase: course.phase,
            startedOn: course.started_on,
            plannedDosingSessions: course.planned_dosing_sessions,
            dosePlan: course.dose_plan,
            vitalsLimits: course.vitals_limits,
          }
        : null,
      medicalStatus: currentMedicalStatus(statusHistory),
      dosingSessions,
      scores,
      openAlerts: alerts.map((a) => ({
        id: a.id,
        kind: a.kind as FollowUpPacket['openAlerts'][number]['kind'],
        severity: a.severity as FollowUpPacket['openAlerts'][number]['severity'],
        createdAt: new Date(a.created_at).toISOString(),
      })),
      openQuestions: questions.map((q) => ({
        statusUpdateId: q.id,
        urgency: q.urgency as FollowUpPacket['openQuestions'][number]['urgency'],
        body: q.body,
        createdAt: new Date(q.created_at).toISOString(),
      })),
    };
  }
}

function packetCategories(packet: FollowUpPacket): string[] {
  const categories = ['follow_up_packet'];
  if (packet.course) categories.push('course_orders');
  if (packet.medicalStatus) categories.push('medical_status');
  if (packet.dosingSessions.length > 0) categories.push('session_records');
  if (packet.scores.length > 0) categories.push('outcome_scores');
  if (packet.openAlerts.length > 0) categories.push('alerts');
  if (packet.openQuestions.length > 0) categories.push('open_questions');
  return categories;
}

/** Which values of a reading lie outside the prescriber's limits: above a maximum or below a minimum. */
function readingOutsideLimits(
  v: Pick<PacketVitals, 'systolic' | 'diastolic' | 'heartRate' | 'spo2'>,
  limits: VitalsLimits,
): PacketVitals['outOfRange'] {
  const outside = (value: number, min: number | undefined, max: number | undefined) =>
    (max !== undefined && max !== null && value > max) || (min !== undefined && min !== null && value < min);
  const values: PacketVitals['outOfRange'] = [];
  if (outside(v.systolic, limits.systolicMin, limits.systolicMax)) values.push('systolic');
  if (outside(v.diastolic, limits.diastolicMin, limits.diastolicMax)) values.push('diastolic');
  if (outside(v.heartRate, limits.heartRateMin, limits.heartRateMax)) values.push('heart_rate');
  if (v.spo2 !== undefined && v.spo2 !== null && outside(v.spo2, limits.spo2Min, undefined))
    values.push('spo2');
  return values;
}
