package org.atrium.ui.vaadin.internal.workflows;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.atrium.extension.api.AlgorithmDescriptor;
import org.atrium.store.Dataset;
import org.atrium.store.StoreException;
import org.atrium.ui.vaadin.internal.Platform;
import org.atrium.ui.vaadin.internal.layout.MainLayout;
import org.atrium.ui.vaadin.internal.layout.Polling;
import org.atrium.ui.vaadin.internal.session.Session;
import org.atrium.web.WebUser;
import org.atrium.workflow.Job;
import org.atrium.workflow.JobFilter;
import org.atrium.workflow.JobState;
import org.atrium.workflow.LogLine;
import org.atrium.workflow.Workflow;
import org.atrium.workflow.WorkflowException;
import org.atrium.workflow.WorkflowRequest;
import org.atrium.workflow.WorkflowService;

/**
 * Launch an algorithm over a dataset or series (its parameter form made from its schema), and follow
 * workflows and their jobs: live state and progress (the page polls every 2 s while open), logs,
 * cancel, retry, re-run.
 */
@Route(value = "workflows", layout = MainLayout.class)
@PageTitle("Workflows · Atrium")
public final class WorkflowsView extends VerticalLayout {

    private static final long serialVersionUID = 1L;
    private static final int POLL_MS = 2000;

    private final ComboBox<AlgorithmDescriptor> algorithm = new ComboBox<>("Algorithm");
    private final ComboBox<Dataset> dataset = new ComboBox<>("Dataset");
    private final TextArea series = new TextArea("or Series Instance UIDs");
    private final IntegerField timeout = new IntegerField("Timeout (minutes)");
    private final VerticalLayout form = new VerticalLayout();
    private ParameterForm parameters;
    private final Grid<Workflow> workflows = new Grid<>();
    private final Grid<Job> jobs = new Grid<>();
    private Long selectedWorkflow;

    public WorkflowsView() {
        setSizeFull();
        add(new H2("Workflows"));
        Optional<WorkflowService> service = Platform.current().workflows();
        if (service.isEmpty()) {
            add(new Span("The workflow engine is not running."));
            return;
        }
        algorithm.setId("algorithm");
        algorithm.setItems(service.get().algorithms());
        algorithm.setItemLabelGenerator(
                a -> a.name() + " " + a.version() + (a.vendor().isEmpty() ? "" : " (" + a.vendor() + ")"));
        algorithm.setWidth("28em");
        algorithm.addValueChangeListener(e -> showForm(e.getValue()));
        dataset.setId("workflow-dataset");
        dataset.setItemLabelGenerator(Dataset::name);
        dataset.setClearButtonVisible(true);
        try {
            dataset.setItems(Platform.current().datasets().list());
        } catch (StoreException e) {
            dataset.setHelperText("Datasets unavailable: " + e.getMessage());
        }
        series.setId("workflow-series");
        series.setWidth("28em");
        timeout.setId("workflow-timeout");
        timeout.setValue(90);
        timeout.setMin(1);
        Button start = new Button("Start", e -> start(service.get()));
        start.setId("start-workflow");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        form.setPadding(false);
        HorizontalLayout inputs = new HorizontalLayout(algorithm, dataset, series, timeout);
        inputs.setWrap(true);
        add(new H3("Run an algorithm"), inputs, form, start);

        workflows.setId("workflows");
        workflows.addColumn(Workflow::id).setHeader("#").setWidth("70px").setFlexGrow(0);
        workflows.addColumn(w -> w.algorithmId() + " " + w.algorithmVersion()).setHeader("Algorithm");
        workflows.addColumn(Workflow::input).setHeader("Input");
        workflows.addColumn(Workflow::owner).setHeader("Owner");
        workflows.addColumn(w -> w.created().toString()).setHeader("Created");
        workflows
                .addColumn(w -> w.jobs().entrySet().stream()
                        .filter(en -> en.getValue() > 0)
                        .map(en -> en.getValue() + " " + en.getKey().name().toLowerCase())
                        .collect(Collectors.joining(", ")))
                .setHeader("Jobs")
                .setKey("jobs");
        workflows
                .addComponentColumn(w -> {
                    Button rerun = new Button("Re-run", e -> rerun(service.get(), w));
                    rerun.addClassName("rerun");
                    rerun.addThemeVariants(ButtonVariant.LUMO_SMALL);
                    return rerun;
                })
                .setFlexGrow(0)
                .setWidth("110px");
        workflows.setHeight("30%");
        workflows.addSelectionListener(e -> {
            selectedWorkflow = e.getFirstSelectedItem().map(Workflow::id).orElse(null);
            refreshJobs(service.get());
        });

        jobs.setId("jobs");
        jobs.addColumn(Job::id).setHeader("Job").setWidth("80px").setFlexGrow(0);
        jobs.addColumn(j -> j.state().name().toLowerCase()).setHeader("State").setKey("state");
        jobs.addColumn(LitRenderer.<Job>of("<vaadin-progress-bar value=\"${item.p}\"></vaadin-progress-bar>")
                        .withProperty("p", Job::progress))
                .setHeader("Progress");
        jobs.addColumn(j ->
                        j.series().size() == 1 ? j.series().get(0) : j.series().size() + " series")
                .setHeader("Input");
        jobs.addColumn(j -> j.reason() != null && !j.reason().isBlank() ? j.reason() : j.message())
                .setHeader("Message")
                .setFlexGrow(2);
        jobs.addColumn(j -> j.outputs().size())
                .setHeader("Outputs")
                .setWidth("90px")
                .setFlexGrow(0);
        jobs.addComponentColumn(j -> actions(service.get(), j))
                .setAutoWidth(true)
                .setFlexGrow(0);
        add(new H3("Workflows"), workflows, new H3("Jobs"), jobs);
        setFlexGrow(1, jobs);
        refresh(service.get());
        Polling.whileAttached(this, POLL_MS, () -> service().ifPresent(this::refresh));
    }

    private Optional<WorkflowService> service() {
        return Platform.current().workflows();
    }

    private void showForm(AlgorithmDescriptor descriptor) {
        form.removeAll();
        if (descriptor == null) {
            parameters = null;
            return;
        }
        form.add(new Span(descriptor.description()));
        parameters = new ParameterForm(descriptor.parameterSchema());
        form.add(parameters);
    }

    private void start(WorkflowService service) {
        AlgorithmDescriptor chosen = algorithm.getValue();
        if (chosen == null) {
            algorithm.setInvalid(true);
            algorithm.setErrorMessage("Pick an algorithm.");
            return;
        }
        List<String> uids = Arrays.stream(series.getValue().split("[\\s,;]+"))
                .filter(s -> !s.isBlank())
                .toList();
        Long datasetId = dataset.getValue() == null ? null : dataset.getValue().id();
        try {
            Workflow started = service.start(new WorkflowRequest(
                    chosen.id(),
                    chosen.version(),
                    parameters == null ? null : parameters.values(),
                    datasetId,
                    uids,
                    Duration.ofMinutes(timeout.getValue() == null ? 90 : timeout.getValue()),
                    Session.user().map(WebUser::name).orElse("")));
            Notification.show("Workflow " + started.id() + " started", 3000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            selectedWorkflow = started.id();
            refresh(service);
        } catch (WorkflowException | IllegalArgumentException e) {
            Notification note = Notification.show(e.getMessage(), 8000, Notification.Position.MIDDLE);
            note.addThemeVariants(NotificationVariant.LUMO_ERROR);
            note.setId("workflow-error");
        }
    }

    private HorizontalLayout actions(WorkflowService service, Job job) {
        Button log = new Button("Log", e -> showLog(service, job));
        log.addClassName("job-log");
        HorizontalLayout actions = new HorizontalLayout(log);
        if (!job.state().finished()) {
            Button cancel = new Button("Cancel", e -> act(() -> service.cancel(job.id(), "cancelled by " + user())));
            cancel.addClassName("job-cancel");
            cancel.addThemeVariants(ButtonVariant.LUMO_ERROR);
            actions.add(cancel);
        } else if (job.state() == JobState.FAILED || job.state() == JobState.CANCELLED) {
            Button retry = new Button("Retry", e -> act(() -> service.retry(job.id())));
            retry.addClassName("job-retry");
            actions.add(retry);
        }
        actions.getChildren().forEach(c -> ((Button) c).addThemeVariants(ButtonVariant.LUMO_SMALL));
        return actions;
    }

    private static String user() {
        return Session.user().map(WebUser::name).orElse("");
    }

    @FunctionalInterface
    private interface Action {
        Object run() throws WorkflowException;
    }

    private void act(Action action) {
        try {
            action.run();
        } catch (WorkflowException e) {
            Notification.show(e.getMessage(), 6000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
        service().ifPresent(this::refresh);
    }

    private void rerun(WorkflowService service, Workflow workflow) {
        act(() -> {
            Workflow again = service.rerun(workflow.id(), user());
            selectedWorkflow = again.id();
            return again;
        });
    }

    private void showLog(WorkflowService service, Job job) {
        Dialog dialog = new Dialog();
        dialog.setId("job-log-dialog");
        dialog.setHeaderTitle("Log of job " + job.id());
        dialog.setWidth("70vw");
        Pre text = new Pre();
        text.setId("job-log-text");
        try {
            text.setText(service.log(job.id()).stream().map(LogLine::toString).collect(Collectors.joining("\n")));
        } catch (WorkflowException e) {
            text.setText("Cannot read the log: " + e.getMessage());
        }
        text.getStyle().set("max-height", "60vh").set("overflow", "auto");
        dialog.add(text);
        dialog.getFooter().add(new Button("Close", e -> dialog.close()));
        dialog.open();
    }

    private void refresh(WorkflowService service) {
        try {
            List<Workflow> all = service.workflows();
            workflows.setItems(all);
            if (selectedWorkflow != null) {
                all.stream().filter(w -> w.id() == selectedWorkflow).findFirst().ifPresent(workflows::select);
            }
        } catch (WorkflowException e) {
            Notification.show(e.getMessage(), 5000, Notification.Position.MIDDLE);
        }
        refreshJobs(service);
    }

    private void refreshJobs(WorkflowService service) {
        try {
            jobs.setItems(service.jobs(new JobFilter(null, selectedWorkflow, 500)));
        } catch (WorkflowException e) {
            Notification.show(e.getMessage(), 5000, Notification.Position.MIDDLE);
        }
    }
}
